"""Meetings of a security group: schedule, edit, attendance by organisation, minutes."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partnership.audit import log_event
from partnership.content.translations import reader_language, set_original_language
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import Meeting, MeetingAttendance, SecurityGroup

TITLE_MAX, PLACE_MAX, LINK_MAX, TEXT_MAX = 200, 200, 500, 20000
# A meeting may be recorded up to five years back (digitising old minutes) and planned two years ahead.
EARLIEST, LATEST = timedelta(days=5 * 366), timedelta(days=2 * 366)


def _clean(group: SecurityGroup, title: str, starts_at: datetime | None, place: str, online_link: str,
           agenda: str) -> dict:
    title, place, online_link, agenda = ((v or "").strip() for v in (title, place, online_link, agenda))
    if not title:
        raise GroupError(_("Give the meeting a title."), field="title")
    if len(title) > TITLE_MAX:
        raise GroupError(_("Keep the title under %(max)d characters.", max=TITLE_MAX), field="title")
    if starts_at is None:
        raise GroupError(_("Enter the date and time of the meeting."), field="starts_at")
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    now = utcnow()
    if not now - EARLIEST <= starts_at <= now + LATEST:
        raise GroupError(_("Enter a date within five years before and two years after today."), field="starts_at")
    if not place and not online_link:
        raise GroupError(_("Enter a place, an online link, or both."), field="place")
    if len(place) > PLACE_MAX:
        raise GroupError(_("Keep the place under %(max)d characters.", max=PLACE_MAX), field="place")
    if online_link:
        parts = urlsplit(online_link)
        # Only web links: a javascript: or data: link on the page would be an attack vector.
        if parts.scheme not in ("https", "http") or not parts.netloc or len(online_link) > LINK_MAX:
            raise GroupError(_("Enter a full web address starting with https://."), field="online_link")
    if len(agenda) > TEXT_MAX:
        raise GroupError(_("Keep the agenda under %(max)d characters.", max=TEXT_MAX), field="agenda")
    return {"title": title, "starts_at": starts_at, "place": place, "online_link": online_link, "agenda": agenda}


def schedule(group: SecurityGroup, *, title: str, starts_at: datetime | None, place: str = "", online_link: str = "",
             agenda: str = "", scheduled_by) -> Meeting:
    """Put a meeting in the group's calendar."""
    meeting = Meeting(group=group, **_clean(group, title, starts_at, place, online_link, agenda))
    db.session.add(meeting)
    db.session.flush()
    set_original_language("meeting", meeting.id, reader_language())
    log_event("meeting.scheduled", actor=scheduled_by, target=f"meeting:{meeting.id}",
              details={"group_id": group.id, "title": meeting.title, "starts_at": meeting.starts_at.isoformat()})
    db.session.commit()
    return meeting


def update(meeting: Meeting, *, title: str, starts_at: datetime | None, place: str = "", online_link: str = "",
           agenda: str = "", updated_by) -> Meeting:
    """Change a meeting's title, time, place, link or agenda."""
    values = _clean(meeting.group, title, starts_at, place, online_link, agenda)
    if values["starts_at"] > utcnow() and (meeting.minutes or meeting.attendance):
        raise GroupError(_("This meeting already has minutes or attendance, so it cannot move to the future."),
                         field="starts_at")
    changed = [k for k, v in values.items() if getattr(meeting, k) != v]
    for key, value in values.items():
        setattr(meeting, key, value)
    log_event("meeting.updated", actor=updated_by, target=f"meeting:{meeting.id}",
              details={"group_id": meeting.group_id, "changed": changed})
    db.session.commit()
    return meeting


def _require_held(meeting: Meeting, what: str) -> None:
    if meeting.starts_at > utcnow():
        raise GroupError(what)


def record_attendance(meeting: Meeting, present_ids: list[int], *, recorded_by) -> list[MeetingAttendance]:
    """Mark each active organisation present or absent; organisations that left keep their old entry."""
    _require_held(meeting, _("Attendance can be recorded once the meeting has started."))
    active = {o.id: o for o in meeting.group.active_organisations}
    unknown = set(present_ids) - set(active)
    if unknown:
        raise GroupError(_("Tick only organisations that are active members of the group."), field="present")
    rows = {a.organisation_id: a for a in meeting.attendance}
    for org_id in active:
        row = rows.get(org_id)
        if row is None:
            row = MeetingAttendance(meeting=meeting, organisation_id=org_id)
            db.session.add(row)
        row.present = org_id in present_ids
    log_event("meeting.attendance_recorded", actor=recorded_by, target=f"meeting:{meeting.id}",
              details={"group_id": meeting.group_id, "present": sorted(present_ids), "absent": sorted(set(active) - set(present_ids))})
    db.session.commit()
    return list(meeting.attendance)


def record_minutes(meeting: Meeting, minutes: str, *, recorded_by) -> Meeting:
    """Keep the minutes of a meeting that has taken place."""
    _require_held(meeting, _("Minutes can be recorded once the meeting has started."))
    minutes = (minutes or "").strip()
    if not minutes:
        raise GroupError(_("Write the minutes before saving them."), field="minutes")
    if len(minutes) > TEXT_MAX:
        raise GroupError(_("Keep the minutes under %(max)d characters.", max=TEXT_MAX), field="minutes")
    first = not meeting.minutes
    meeting.minutes = minutes
    log_event("meeting.minutes_recorded", actor=recorded_by, target=f"meeting:{meeting.id}",
              details={"group_id": meeting.group_id, "first_version": first})
    db.session.commit()
    return meeting


def attendance_by_organisation(meeting: Meeting) -> dict[int, bool]:
    return {a.organisation_id: a.present for a in meeting.attendance}


def upcoming_and_past(group: SecurityGroup, now: datetime | None = None) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming meetings soonest first, past ones latest first."""
    now = now or utcnow()
    # The meetings list shows attendance and decisions per meeting: load them in two queries, not 2 per meeting.
    loaded = (selectinload(Meeting.attendance), selectinload(Meeting.decisions))
    upcoming = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at > now)
                                  .order_by(Meeting.starts_at).options(*loaded)).all()
    past = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at <= now)
                              .order_by(Meeting.starts_at.desc()).options(*loaded)).all()
    return list(upcoming), list(past)
