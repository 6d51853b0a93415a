"""Step 1 test data: meetings and charters with defaults, and samples for the access matrix."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from partnership.audit.models import AuditEvent
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import Meeting, MeetingAttendance, MemberOrganisation, SecurityGroup
from tests import factories


def meeting(group: SecurityGroup, *, days_ago: float = 3, title: str = "Monthly meeting", place: str = "Parish hall",
            present: list[MemberOrganisation] = (), absent: list[MemberOrganisation] = (), minutes: str = "") -> Meeting:
    """A meeting `days_ago` days back (negative: in the future), with attendance if given."""
    m = Meeting(group=group, title=title, starts_at=utcnow() - timedelta(days=days_ago), place=place, minutes=minutes)
    db.session.add(m)
    db.session.flush()
    for org in present:
        db.session.add(MeetingAttendance(meeting=m, organisation=org, present=True))
    for org in absent:
        db.session.add(MeetingAttendance(meeting=m, organisation=org, present=False))
    db.session.commit()
    return m


def sample_meeting(world) -> Meeting:
    """One past meeting of the access matrix's group, built once per world."""
    if "groups_meeting" not in world.extra:
        world.extra["groups_meeting"] = meeting(world.group)
    return world.extra["groups_meeting"]


def sample_charter(world):
    """Charter version 1 of the access matrix's group, built once per world."""
    if "groups_charter" not in world.extra:
        world.extra["groups_charter"] = factories.charter(world.group)
    return world.extra["groups_charter"]


def audit_count(action: str) -> int:
    """How many audit events of this action exist."""
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def count(model) -> int:
    """How many rows a model's table holds."""
    return db.session.scalar(select(func.count()).select_from(model))


def sample_decision(world):
    """One decision of the access matrix's group (for the translation page), built once per world."""
    if "groups_decision" not in world.extra:
        from partnership.groups.models import Decision

        decision = Decision(group=world.group, title="Sample decision", text="", method="consensus",
                            decided_at=utcnow() - timedelta(days=1))
        db.session.add(decision)
        db.session.commit()
        world.extra["groups_decision"] = decision
    return world.extra["groups_decision"]
