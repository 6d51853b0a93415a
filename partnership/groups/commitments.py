"""The partnership's commitments made visible: meeting rhythm kept, attendance, open tasks.

DOMAIN.md: teams get redeployed and partnerships fade; the group page shows early
whether meetings follow the charter's rhythm and which organisations stop coming.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, case, func, select

from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import Meeting, MeetingAttendance, MemberOrganisation, MembershipStatus, SecurityGroup

# The Lisbon model's partners meet about monthly; used when the charter's rhythm is not recognised.
DEFAULT_INTERVAL_DAYS = 31
LOW_ATTENDANCE = 0.5
STALE_INVITATION = timedelta(days=14)
MINUTES_DUE = timedelta(days=14)

_UNITS = {"week": 7, "weeks": 7, "semana": 7, "semanas": 7, "month": 31, "months": 31, "mês": 31, "mes": 31,
          "meses": 31}
_EVERY_N = re.compile(r"\b(?:every|a cada|cada)\s+(\d{1,2})\s+(weeks?|months?|semanas?|m[eê]s|meses)\b")
# Checked in order: "bimonthly"/"bimestral" before the plain monthly words.
_WORDS = [
    (7, r"weekly|every week|semanal(?:mente)?|todas as semanas|todas las semanas|cada semana"),
    (14, r"fortnightly|every (?:two|other) weeks?|quinzenal(?:mente)?|quincenal(?:mente)?|de quinze em quinze dias"
         r"|cada dos semanas|a cada duas semanas"),
    (61, r"bi-?monthly|every (?:two|other) months?|bimestral(?:mente)?|cada dos meses|a cada dois meses"),
    (92, r"quarterly|every three months|trimestral(?:mente)?|cada tres meses|a cada tr[eê]s meses"),
    (183, r"twice a year|every six months|semestral(?:mente)?"),
    (31, r"monthly|every month|once a month|mensal(?:mente)?|mensual(?:mente)?|todos os meses|todos los meses"
         r"|cada m[eê]s|uma vez por m[eê]s|una vez al mes"),
]


def rhythm_interval_days(text: str | None) -> int | None:
    """Days between meetings that a charter's rhythm ("monthly", "quinzenal", "every 3 weeks") asks for."""
    if not text:
        return None
    lowered = text.lower()
    match = _EVERY_N.search(lowered)
    if match and int(match.group(1)) > 0:
        return int(match.group(1)) * _UNITS[match.group(2)]
    for days, words in _WORDS:
        if re.search(rf"\b(?:{words})\b", lowered):
            return days
    return None


@dataclass
class MeetingRhythm:
    rhythm_text: str | None
    interval_days: int
    recognised: bool
    last_held: Meeting | None
    next_planned: Meeting | None
    days_since_last: int | None
    overdue: bool
    held_in_period: int
    expected_in_period: int
    period_days: int
    # Younger than one rhythm interval: too early to compare meetings held with the rhythm.
    young: bool = False


def meeting_rhythm(group: SecurityGroup, now: datetime | None = None) -> MeetingRhythm:
    """Compare the meetings held with the rhythm the charter promises, over the last year at most."""
    now = now or utcnow()
    charter = group.current_charter
    text = charter.meeting_rhythm if charter else None
    parsed = rhythm_interval_days(text)
    interval = parsed or DEFAULT_INTERVAL_DAYS
    last_held = db.session.scalar(select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at <= now)
                                  .order_by(Meeting.starts_at.desc()).limit(1))
    next_planned = db.session.scalar(select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at > now)
                                     .order_by(Meeting.starts_at).limit(1))
    # The group's life starts at its creation or its first recorded meeting, whichever came first
    # (groups moved into the service bring their earlier meetings with them).
    first = db.session.scalar(select(func.min(Meeting.starts_at)).where(Meeting.group_id == group.id))
    starts = min(d for d in (group.created_at, first, now) if d is not None)
    period_start = max(starts, now - timedelta(days=365))
    held = db.session.scalar(select(func.count(Meeting.id)).where(
        Meeting.group_id == group.id, Meeting.starts_at >= period_start, Meeting.starts_at <= now)) or 0
    period = max(1, (now - period_start).days)
    days_since = (now - last_held.starts_at).days if last_held else None
    # A quarter of the interval (at least three days) of grace before calling the rhythm broken.
    grace = max(3, interval // 4)
    reference = days_since if days_since is not None else (now - starts).days
    overdue = reference > interval + grace
    young = (now - starts) < timedelta(days=interval)
    return MeetingRhythm(text, interval, parsed is not None, last_held, next_planned, days_since, overdue,
                         held, max(1, math.ceil(period / interval)), period, young)


@dataclass
class AttendanceRate:
    organisation: MemberOrganisation
    present: int
    recorded: int

    @property
    def rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None

    @property
    def low(self) -> bool:
        return self.recorded >= 2 and (self.rate or 0) < LOW_ATTENDANCE


def attendance_rates(group: SecurityGroup) -> list[AttendanceRate]:
    """Per active organisation: meetings attended of those whose attendance was recorded while it was a member."""
    counts = db.session.execute(
        select(MeetingAttendance.organisation_id,
               func.sum(case((MeetingAttendance.present.is_(True), 1), else_=0)).cast(Integer),
               func.count())
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(Meeting.group_id == group.id)
        .group_by(MeetingAttendance.organisation_id)
    ).all()
    by_org = {org_id: (present or 0, total) for org_id, present, total in counts}
    return [AttendanceRate(org, *by_org.get(org.id, (0, 0))) for org in group.active_organisations]


@dataclass
class Commitments:
    rhythm: MeetingRhythm
    attendance: list[AttendanceRate]
    stale_invitations: list[MemberOrganisation] = field(default_factory=list)
    unsigned: list[MemberOrganisation] = field(default_factory=list)
    minutes_missing: list[Meeting] = field(default_factory=list)
    planners: list = field(default_factory=list)

    @property
    def low_attendance(self) -> list[AttendanceRate]:
        return [a for a in self.attendance if a.low]


def commitments(group: SecurityGroup, now: datetime | None = None) -> Commitments:
    """Everything the group page shows about whether the partnership keeps its promises."""
    now = now or utcnow()
    charter = group.current_charter
    signed = {s.organisation_id for s in charter.sign_offs} if charter else set()
    minutes_missing = db.session.scalars(select(Meeting).where(
        Meeting.group_id == group.id, Meeting.starts_at <= now - MINUTES_DUE, Meeting.minutes == "",
    ).order_by(Meeting.starts_at.desc())).all()
    return Commitments(
        rhythm=meeting_rhythm(group, now),
        attendance=attendance_rates(group),
        stale_invitations=[o for o in group.organisations
                           if o.status == MembershipStatus.INVITED and o.invited_at <= now - STALE_INVITATION],
        unsigned=[o for o in group.active_organisations if charter is not None and o.id not in signed],
        minutes_missing=list(minutes_missing),
        planners=list(group.planners),
    )
