"""Decisions of a security group, with how they were taken (consensus, or a vote with counts)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import Decision, DecisionMethod, Meeting, SecurityGroup

TITLE_MAX, TEXT_MAX, VOTES_MAX = 200, 20000, 100000

METHOD_LABELS = {
    DecisionMethod.CONSENSUS: _l("By consensus"),
    DecisionMethod.VOTE: _l("By a vote"),
}
VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstain")


def record(group: SecurityGroup, *, title: str, text: str = "", method: str, votes_for: int | None = None,
           votes_against: int | None = None, votes_abstain: int | None = None, meeting_id: int | None = None,
           decided_at: datetime | None = None, subject: str | None = None, recorded_by) -> Decision:
    """Record a decision; a vote needs its counts, a consensus has none."""
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise GroupError(_("Say in a few words what was decided."), field="title")
    if len(title) > TITLE_MAX:
        raise GroupError(_("Keep the title under %(max)d characters.", max=TITLE_MAX), field="title")
    if len(text) > TEXT_MAX:
        raise GroupError(_("Keep the text under %(max)d characters.", max=TEXT_MAX), field="text")
    try:
        how = DecisionMethod(method)
    except ValueError:
        raise GroupError(_("Choose how the decision was taken."), field="method") from None
    counts = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain}
    if how == DecisionMethod.CONSENSUS:
        given = [name for name, value in counts.items() if value not in (None, 0)]
        if given:
            raise GroupError(_("A decision by consensus has no vote counts. Choose “By a vote” or clear the counts."),
                             field=given[0])
        counts = dict.fromkeys(counts)
    else:
        if votes_abstain is None:
            counts["votes_abstain"] = 0
        for name in ("votes_for", "votes_against"):
            if counts[name] is None:
                raise GroupError(_("Enter the number of votes for and against (0 if none)."), field=name)
        for name, value in counts.items():
            if value < 0 or value > VOTES_MAX:
                raise GroupError(_("Vote counts must be whole numbers from 0 up."), field=name)
        if counts["votes_for"] + counts["votes_against"] + counts["votes_abstain"] == 0:
            raise GroupError(_("A vote needs at least one vote cast."), field="votes_for")
    meeting = None
    if meeting_id:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.group_id != group.id:
            raise GroupError(_("Choose one of this group's meetings."), field="meeting_id")
    when = decided_at or (meeting.starts_at if meeting is not None else utcnow())
    if when.tzinfo is None:
        raise ValueError("decided_at must be timezone-aware")
    if when > utcnow():
        raise GroupError(_("A decision cannot be dated in the future."),
                         field="meeting_id" if decided_at is None else "decided_at")
    decision = Decision(group=group, meeting=meeting, title=title, text=text, method=how.value, subject=subject,
                        decided_at=when, recorded_by_id=recorded_by.id, **counts)
    db.session.add(decision)
    db.session.flush()
    log_event("decision.recorded", actor=recorded_by, target=f"decision:{decision.id}",
              details={"group_id": group.id, "title": title, "method": how.value, "meeting_id": meeting_id,
                       **({k: v for k, v in counts.items()} if how == DecisionMethod.VOTE else {})})
    db.session.commit()
    return decision


def outcome(decision: Decision) -> str:
    """A short, translated statement of how the decision was taken."""
    if decision.method == DecisionMethod.CONSENSUS:
        return _("Agreed by consensus")
    return _("Vote: %(yes)d for, %(no)d against, %(abstain)d abstaining",
             yes=decision.votes_for or 0, no=decision.votes_against or 0, abstain=decision.votes_abstain or 0)


def group_decisions(group: SecurityGroup) -> list[Decision]:
    """All decisions of the group, latest first."""
    return list(db.session.scalars(select(Decision).where(Decision.group_id == group.id)
                                   .options(selectinload(Decision.meeting), selectinload(Decision.recorded_by))
                                   .order_by(Decision.decided_at.desc(), Decision.id.desc())))
