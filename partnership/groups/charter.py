"""The charter (terms of reference): versions, sign-offs, and what changed between versions."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from partnership.audit import log_event
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import (
    CharterSignOff,
    CharterVersion,
    MemberOrganisation,
    MembershipStatus,
    SecurityGroup,
    SignOffRule,
)

# The charter's sections, in reading order, with their length limits (meeting_rhythm is a short column).
SECTIONS = {
    "purpose": (_l("Purpose"), 5000),
    "territory": (_l("Territory"), 5000),
    "decision_making": (_l("How decisions are taken"), 5000),
    "meeting_rhythm": (_l("Meeting rhythm"), 200),
    "data_protection": (_l("Data protection"), 5000),
}

SIGN_OFF_RULE_LABELS = {
    SignOffRule.DEFAULT: _l("The police, the municipality (or parish council) and at least two community organisations"),
    SignOffRule.ALL_MEMBERS: _l("Every active member organisation"),
    SignOffRule.MAJORITY: _l("More than half of the active member organisations"),
}


def draft_values(group: SecurityGroup) -> dict[str, str]:
    """What a new version starts from: the current text, or nothing for a first charter."""
    current = group.current_charter
    if current is None:
        return {"sign_off_rule": SignOffRule.DEFAULT.value}
    values = {name: getattr(current, name) for name in SECTIONS}
    values["sign_off_rule"] = current.sign_off_rule
    return values


def new_version(group: SecurityGroup, *, sections: dict[str, str], sign_off_rule: str, created_by) -> CharterVersion:
    """Adopt a new charter version; it starts with no sign-offs, whatever the previous one had."""
    clean: dict[str, str] = {}
    for name, (label, limit) in SECTIONS.items():
        text = (sections.get(name) or "").strip()
        if not text:
            raise GroupError(_("Fill in the section “%(section)s”.", section=label), field=name)
        if len(text) > limit:
            raise GroupError(_("Keep “%(section)s” under %(max)d characters.", section=label, max=limit), field=name)
        clean[name] = text
    try:
        rule = SignOffRule(sign_off_rule)
    except ValueError:
        raise GroupError(_("Choose who must sign the charter."), field="sign_off_rule") from None
    current = group.current_charter
    if current is not None and rule == current.sign_off_rule and all(getattr(current, n) == clean[n] for n in SECTIONS):
        raise GroupError(_("Nothing has changed since version %(number)d. Edit the text before saving a new version.",
                           number=current.number))
    version = CharterVersion(group=group, number=(current.number + 1) if current else 1, sign_off_rule=rule.value,
                             created_by_id=created_by.id, **clean)
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:  # someone saved a version with the same number a moment earlier
        db.session.rollback()
        raise GroupError(_("Another version was saved while you were editing. Reload the charter and try again.")) from None
    log_event("charter.version_created", actor=created_by, target=f"charter_version:{version.id}",
              details={"group_id": group.id, "number": version.number, "sign_off_rule": rule.value,
                       "changed": [n for n in SECTIONS if current is None or getattr(current, n) != clean[n]]})
    db.session.commit()
    return version


def sign(version: CharterVersion, organisation: MemberOrganisation, user) -> CharterSignOff:
    """The organisation's representative signs the current version, once."""
    group = version.group
    if organisation.group_id != group.id:
        raise GroupError(_("This organisation is not a member of the group."))
    if organisation.representative_id != user.id:
        raise GroupError(_("Only the representative of %(name)s can sign for it.", name=organisation.name))
    if organisation.status != MembershipStatus.ACTIVE:
        raise GroupError(_("%(name)s must accept its invitation before it can sign the charter.", name=organisation.name))
    if group.current_charter is None or version.id != group.current_charter.id:
        raise GroupError(_("Version %(number)d has been replaced; only the current version can be signed.", number=version.number))
    if any(s.organisation_id == organisation.id for s in version.sign_offs):
        raise GroupError(_("%(name)s has already signed version %(number)d.", name=organisation.name, number=version.number))
    sign_off = CharterSignOff(charter_version=version, organisation=organisation, signed_by_id=user.id)
    db.session.add(sign_off)
    try:
        db.session.flush()
    except IntegrityError:  # a double click: the first request signed
        db.session.rollback()
        raise GroupError(_("%(name)s has already signed version %(number)d.", name=organisation.name, number=version.number)) from None
    log_event("charter.signed", actor=user, target=f"charter_version:{version.id}",
              details={"group_id": group.id, "number": version.number, "organisation_id": organisation.id,
                       "organisation": organisation.name})
    db.session.commit()
    return sign_off


@dataclass
class SignOffRow:
    organisation: MemberOrganisation
    sign_off: CharterSignOff | None


def sign_off_table(version: CharterVersion) -> list[SignOffRow]:
    """Each active organisation with its sign-off of this version, if any."""
    by_org = {s.organisation_id: s for s in version.sign_offs}
    return [SignOffRow(org, by_org.get(org.id)) for org in version.group.active_organisations]


@dataclass
class SectionChange:
    name: str
    label: str
    changed: bool
    # (operation, text) pieces: "same", "removed" or "added", to show as a redline.
    pieces: list[tuple[str, str]]


_TOKENS = re.compile(r"\s+|[^\s]+")


def _redline(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces


def changes(previous: CharterVersion | None, version: CharterVersion) -> list[SectionChange]:
    """Word-level changes of each section from the previous version (all new for a first version)."""
    result = []
    for name, (label, _limit) in SECTIONS.items():
        new = getattr(version, name)
        old = getattr(previous, name) if previous is not None else ""
        result.append(SectionChange(name, str(label), old != new, _redline(old, new) if previous else [("same", new)]))
    return result


def previous_of(version: CharterVersion) -> CharterVersion | None:
    earlier = [v for v in version.group.charter_versions if v.number < version.number]
    return earlier[-1] if earlier else None
