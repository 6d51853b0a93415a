"""Step 3, as Step 4 reads it: only through `partnership.profiles.public`.

Step 3 is merged separately; until it is installed every group simply has no
adopted profile yet, and Step 4 says so instead of failing.
"""
from __future__ import annotations

LEVEL_NAMES_FALLBACK = {0: "below practitioner", 1: "practitioner", 2: "experienced", 3: "expert"}


def adopted_profile(group):
    """Step 3's `AdoptedProfile` of the group, or None."""
    try:
        from partnership.profiles import public
    except ImportError:
        return None
    return public.adopted_profile(group)


def level_name(level: int) -> str:
    if level <= 0:
        from flask_babel import gettext as _

        return _("below practitioner")
    try:
        from partnership.profiles import public
    except ImportError:
        return LEVEL_NAMES_FALLBACK.get(level, str(level))
    return public.level_name(level)


def competence_choices() -> list[tuple[str, str]]:
    """(code, name) of Step 3's competence library, for the catalogue's course form."""
    try:
        from partnership.profiles import public
    except ImportError:
        return []
    return [(c.code, c.name) for c in public.competence_library()]
