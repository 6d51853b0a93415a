"""Step 3, as Step 4 reads it: only through `partnership.profiles.public` (one place to change)."""
from __future__ import annotations

from flask_babel import gettext as _

from partnership.profiles import public


def adopted_profile(group):
    """Step 3's `AdoptedProfile` of the group, or None while Step 3 is not complete."""
    return public.adopted_profile(group)


def level_name(level: int) -> str:
    """A Step 3 level by name; 0 is what a candidate or officer below practitioner level has."""
    return _("below practitioner") if level <= 0 else public.level_name(level)


def competence_choices() -> list[tuple[str, str]]:
    """(code, name) of the competence library, for the catalogue's course form and labels."""
    return [(c.code, c.name) for c in public.competence_library()]


def language_name(code: str) -> str:
    # Not in the published contract; the profile stores codes and names them when shown.
    name = getattr(public, "language_name", None)
    return name(code) if name else code


def platform_name(key: str) -> str:
    name = getattr(public, "platform_name", None)
    return name(key) if name else key
