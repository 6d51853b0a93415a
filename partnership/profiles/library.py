"""The competence library: shared editions that never change in place, plus each group's local competences."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnership.audit import log_event
from partnership.extensions import db
from partnership.profiles.models import Competence, LibraryVersion

LEVEL_NAMES = {1: _l("practitioner"), 2: _l("experienced"), 3: _l("expert")}
DOMAIN_NAMES = {"street": _l("Street"), "digital": _l("Digital"), "partnership": _l("Partnership"),
                "prevention": _l("Prevention")}
FAMILY_NAMES = {"behaviour": _l("Behavioural competences"), "value": _l("Values"),
                "radicalisation": _l("Preventing radicalisation: core competences"),
                "digital_officer": _l("Digital community officer"), "digital_skills": _l("Digital skills"),
                "local": _l("Local competences of the group")}
LOCAL_PREFIX = "local."


class LibraryError(ValueError):
    """A refused change to the library, with the reason."""


def tr(texts: dict | None, lang: str | None) -> str:
    """A text in `lang`, falling back to English, then to any language stored."""
    if not texts:
        return ""
    return texts.get(lang or "") or texts.get("en") or next(iter(texts.values()), "")


def current_version() -> LibraryVersion | None:
    return db.session.scalar(select(LibraryVersion).order_by(LibraryVersion.number.desc()).limit(1))


def ensure_library() -> LibraryVersion:
    """The current library edition; on an empty installation, edition 1 is stored first."""
    version = current_version()
    if version is not None:
        return version
    from partnership.profiles.library_data import COMPETENCES

    version = LibraryVersion(number=1, notes="Edition 1: behavioural competences and values, preventing "
                                             "radicalisation, digital community officer, digital skills.")
    for position, entry in enumerate(COMPETENCES, start=1):
        version.competences.append(Competence(position=position, **entry))
    db.session.add(version)
    db.session.commit()
    return version


def library_competences(group=None) -> list[Competence]:
    """The current edition's competences, then the group's local ones."""
    version = ensure_library()
    found = list(version.competences)
    if group is not None:
        found += list(db.session.scalars(select(Competence).where(Competence.group_id == group.id)
                                         .order_by(Competence.position, Competence.id)))
    return found


def find(code: str, group=None) -> Competence | None:
    """A competence by code: the current edition first, then local ones (of `group` when given)."""
    version = ensure_library()
    for competence in version.competences:
        if competence.code == code:
            return competence
    if code.startswith(LOCAL_PREFIX):
        stmt = select(Competence).where(Competence.code == code, Competence.library_version_id.is_(None))
        if group is not None:
            stmt = stmt.where(Competence.group_id == group.id)
        return db.session.scalar(stmt.limit(1))
    # A code dropped from the current edition still has its text in the edition it came from.
    return db.session.scalar(select(Competence).where(Competence.code == code)
                             .order_by(Competence.library_version_id.desc()).limit(1))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "competence"


def add_local(group, *, name: str, description: str, domain: str, behaviours: dict[int, str], lang: str,
              user) -> Competence:
    """A competence the group needs that the library lacks; written in one language, used like any other."""
    name, description = (name or "").strip(), (description or "").strip()
    if not name:
        raise LibraryError(_("Give the competence a name."))
    if len(name) > 120:
        raise LibraryError(_("Keep the name under %(max)d characters.", max=120))
    if domain not in DOMAIN_NAMES:
        raise LibraryError(_("Choose the domain of the competence."))
    texts = {str(level): {lang: (behaviours.get(level) or "").strip()} for level in (1, 2, 3)}
    if not all(t[lang] for t in texts.values()):
        raise LibraryError(_("Describe what the competence looks like at each of the three levels."))
    base = f"{LOCAL_PREFIX}{group.id}.{_slug(name)}"
    code, n = base, 1
    while db.session.scalar(select(Competence.id).where(Competence.code == code).limit(1)):
        n += 1
        code = f"{base}_{n}"
    position = (db.session.scalar(select(func.max(Competence.position)).where(Competence.group_id == group.id)) or 0) + 1
    competence = Competence(group_id=group.id, code=code, position=position, domain=domain, family="local",
                            source=_("Added by the security group"), name={lang: name},
                            description={lang: description}, behaviours=texts, created_by_id=getattr(user, "id", None))
    db.session.add(competence)
    db.session.flush()
    log_event("competence.local_added", actor=user, target=f"competence:{competence.id}",
              details={"group_id": group.id, "code": code})
    db.session.commit()
    return competence


def new_edition(changes: dict[str, dict], *, notes: str, removed: tuple[str, ...] = ()) -> LibraryVersion:
    """A new library edition: the current entries copied, with `changes` (code -> fields) applied.

    Earlier editions stay as they were, so profiles adopted with them keep their meaning.
    """
    current = ensure_library()
    edition = LibraryVersion(number=current.number + 1, notes=notes)
    codes = set()
    for competence in current.competences:
        if competence.code in removed:
            continue
        fields = {name: getattr(competence, name) for name in
                  ("code", "position", "domain", "family", "source", "name", "description", "behaviours")}
        fields.update(changes.get(competence.code, {}))
        codes.add(competence.code)
        edition.competences.append(Competence(**fields))
    for code, fields in changes.items():
        if code not in codes:
            edition.competences.append(Competence(code=code, position=len(edition.competences) + 1, **fields))
    db.session.add(edition)
    db.session.commit()
    return edition
