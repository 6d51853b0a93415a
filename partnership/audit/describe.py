"""Audit events in words: translated action names, what they concern, and readable details.

Events are stored with stable codes ("auth.sign_in", "boundary_version:3") so the log never
changes meaning; this module turns them into what an administrator reads. Feature packages
describe their own records through `register_target` (maps: boundary versions).
"""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnership.dates import format_moment

ACTIONS = {
    "auth.sign_in": _l("Signed in"),
    "auth.sign_in_failed": _l("Sign-in refused"),
    "auth.sign_out": _l("Signed out"),
    "auth.invitation_accepted": _l("Accepted an account invitation"),
    "auth.password_changed": _l("Changed their password"),
    "api.token_issued": _l("Created an API token"),
    "api.token_revoked": _l("Revoked an API token"),
    "admin.user_invited": _l("Invited a user"),
    "admin.role_changed": _l("Changed a user's role"),
    "admin.user_enabled": _l("Enabled an account"),
    "admin.user_disabled": _l("Disabled an account"),
    "admin.invitation_reissued": _l("Issued a new invitation link"),
    "group.created": _l("Formed a security group"),
    "group.boundaries_updated": _l("Moved a group to new boundaries"),
    "member.invited": _l("Invited an organisation"),
    "member.joined": _l("An organisation joined"),
    "member.declined": _l("An organisation declined"),
    "member.invitation_withdrawn": _l("Withdrew an invitation"),
    "member.left": _l("An organisation left"),
    "member.mandate_updated": _l("Changed a mandate"),
    "charter.version_created": _l("Drafted a charter version"),
    "charter.signed": _l("Signed the charter"),
    "meeting.scheduled": _l("Scheduled a meeting"),
    "meeting.updated": _l("Changed a meeting"),
    "meeting.attendance_recorded": _l("Recorded attendance"),
    "meeting.minutes_recorded": _l("Recorded minutes"),
    "decision.recorded": _l("Recorded a decision"),
    "needs_list.adopted": _l("Adopted a needs list"),
    "survey.invitations_created": _l("Created survey invitations"),
    "survey.raw_export": _l("Exported raw survey answers"),
    "maps.version_imported": _l("Imported boundaries"),
    "maps.version_approved": _l("Approved boundaries"),
    "maps.changes_requested": _l("Asked for changes to boundaries"),
    "maps.review_rule_changed": _l("Changed the boundary sign-off rule"),
    "content.translated": _l("Translated group content"),
}

# Kinds of events an administrator filters by; sign-ins are many and rarely what one looks for.
KINDS = {
    "sign_ins": (_l("Sign-ins and sign-outs"), ("auth.sign_in", "auth.sign_in_failed", "auth.sign_out")),
    "accounts": (_l("Accounts, roles and API tokens"), ("admin.", "api.", "auth.invitation_accepted", "auth.password_changed")),
    "groups": (_l("Security groups"), ("group.", "member.", "charter.", "meeting.", "decision.", "content.")),
    "surveys": (_l("Surveys and needs"), ("survey.", "needs_list.")),
    "boundaries": (_l("Boundaries"), ("maps.",)),
}
DEFAULT_KIND = "not_sign_ins"

TARGET_LABELS = {
    "security_group": _l("Security group %(id)s"),
    "member_organisation": _l("Member organisation %(id)s"),
    "charter_version": _l("Charter version (record %(id)s)"),
    "meeting": _l("Meeting %(id)s"),
    "decision": _l("Decision %(id)s"),
    "survey": _l("Survey %(id)s"),
    "needs_list": _l("Needs list %(id)s"),
    "boundary_version": _l("Boundary version (record %(id)s)"),
    "municipality": _l("Municipality %(id)s"),
}

DETAIL_LABELS = {
    "role": _l("role"), "from": _l("from"), "to": _l("to"), "reason": _l("reason"), "name": _l("name"),
    "group_id": _l("group"), "number": _l("version"), "superseded": _l("replaces version"),
    "organisation": _l("organisation"), "organisation_id": _l("organisation"), "title": _l("title"),
    "method": _l("how"), "meeting_id": _l("meeting"), "starts_at": _l("starts"), "changed": _l("changed"),
    "present": _l("present"), "absent": _l("absent"), "first_version": _l("first version"),
    "stakeholder_type": _l("stakeholder type"), "format": _l("format"), "batch_id": _l("batch"),
    "size": _l("invitations"), "decision_id": _l("decision"), "needs": _l("needs"), "survey_id": _l("survey"),
    "municipality": _l("municipality"), "file": _l("file"), "areas": _l("areas"),
    "from_version": _l("from version"), "to_version": _l("to version"), "sign_off_rule": _l("sign-off rule"),
    "second_reviewer": _l("second reviewer"), "translations": _l("translations"), "original": _l("original"),
    "votes_for": _l("for"), "votes_against": _l("against"), "votes_abstain": _l("abstaining"),
}
VALUE_LABELS = {
    "bad_credentials": _l("wrong email or password"), "disabled": _l("account disabled"),
    "consensus": _l("by consensus"), "vote": _l("by a vote"),
}

_describers: dict[str, Callable[[int], str | None]] = {}


def register_target(kind: str, describe: Callable[[int], str | None]) -> None:
    """Let a package name its records in the log: describe(record_id) -> text, or None when it is gone."""
    _describers[kind] = describe


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return str(label) if label is not None else action.replace("_", " ").replace(".", ": ")


def kind_choices() -> list[tuple[str, str]]:
    return [(DEFAULT_KIND, _("Everything but sign-ins"))] + [(k, str(label)) for k, (label, _p) in KINDS.items()] + [
        ("all", _("Everything"))]


def kind_prefixes(kind: str) -> tuple[tuple[str, ...], bool] | None:
    """The action codes (exact, or prefixes ending in a dot) of a kind, and whether to exclude them."""
    if kind == DEFAULT_KIND:
        return KINDS["sign_ins"][1], True
    if kind in KINDS:
        return KINDS[kind][1], False
    return None


def _group_name(group_id) -> str:
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup

    group = db.session.get(SecurityGroup, group_id) if isinstance(group_id, int) else None
    return group.name if group is not None else f"#{group_id}"


def _record(kind: str, record_id: int) -> str | None:
    from partnership.extensions import db

    if kind in _describers:
        return _describers[kind](record_id)
    if kind == "security_group":
        return _group_name(record_id)
    if kind == "municipality":
        from partnership.neighbourhoods.models import Municipality

        place = db.session.get(Municipality, record_id)
        return place.name if place else None
    if kind == "member_organisation":
        from partnership.groups.models import MemberOrganisation

        org = db.session.get(MemberOrganisation, record_id)
        return _("%(name)s in %(group)s", name=org.name, group=org.group.name) if org else None
    if kind == "meeting":
        from partnership.groups.models import Meeting

        meeting = db.session.get(Meeting, record_id)
        return _("Meeting “%(title)s” of %(group)s", title=meeting.title, group=meeting.group.name) if meeting else None
    if kind == "decision":
        from partnership.groups.models import Decision

        decision = db.session.get(Decision, record_id)
        return _("Decision “%(title)s”", title=decision.title) if decision else None
    if kind == "charter_version":
        from partnership.groups.models import CharterVersion

        version = db.session.get(CharterVersion, record_id)
        return _("Charter version %(number)d of %(group)s", number=version.number, group=version.group.name) if version else None
    return None


def target_label(target: str | None) -> str:
    """"boundary_version:3" -> "Lisboa, boundary version 2"; an email stays an email."""
    if not target:
        return ""
    kind, sep, raw_id = target.partition(":")
    if not sep or not raw_id.isdecimal():
        return target
    described = _record(kind, int(raw_id))
    if described:
        return described
    label = TARGET_LABELS.get(kind)
    return str(label) % {"id": raw_id} if label is not None else target


def _value(key: str, value) -> str:
    if key == "group_id":
        return _group_name(value)
    if key == "organisation_id" and isinstance(value, int):
        from partnership.extensions import db
        from partnership.groups.models import MemberOrganisation

        org = db.session.get(MemberOrganisation, value)
        return org.name if org is not None else f"#{value}"
    if key == "starts_at" and isinstance(value, str):
        from datetime import datetime

        try:
            return format_moment(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or _("none")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    label = VALUE_LABELS.get(value) if isinstance(value, str) else None
    return str(label) if label is not None else str(value)


def detail_lines(details: dict | None) -> list[tuple[str, str]]:
    """(label, value) pairs; empty values are left out rather than shown as "None"."""
    lines = []
    for key, value in (details or {}).items():
        if value is None or value == "" or value == []:
            continue
        label = DETAIL_LABELS.get(key)
        line = (str(label) if label is not None else key.replace("_", " "), _value(key, value))
        if line not in lines:  # an organisation's id and name both say its name
            lines.append(line)
    return lines
