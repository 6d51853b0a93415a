"""Decisions of a security group, with how they were taken (consensus, or a vote with counts)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from partnership.audit import log_event
from partnership.content.translations import reader_language, set_original_language
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


@dataclass(frozen=True)
class CheckedDecision:
    """How a decision was taken, checked: the method, its vote counts, the meeting and the date."""

    method: DecisionMethod
    counts: dict
    meeting: Meeting | None
    decided_at: datetime


def voting_organisations(group: SecurityGroup, meeting: Meeting | None) -> tuple[int, bool]:
    """How many organisations could vote (one vote each), and whether that is the meeting's recorded attendance."""
    if meeting is not None and meeting.attendance:
        return sum(1 for row in meeting.attendance if row.present), True
    return len(group.active_organisations), False


def check(group: SecurityGroup, *, method: str, votes_for: int | None = None, votes_against: int | None = None,
          votes_abstain: int | None = None, meeting_id: int | None = None,
          decided_at: datetime | None = None) -> CheckedDecision:
    """Check how a decision was taken, for any record of a decision (the register, an adopted needs list...).

    Raises GroupError naming the field at fault: a vote needs its counts, no more votes than organisations
    that could vote, and a decision taken at a meeting needs a meeting that has taken place.
    """
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
        if meeting.starts_at > utcnow():
            raise GroupError(_("The meeting “%(title)s” has not taken place yet: a decision can only be recorded at a "
                               "meeting that has happened. Choose another meeting, or “Not taken at a meeting”.",
                               title=meeting.title), field="meeting_id")
    if how == DecisionMethod.VOTE:
        cast = counts["votes_for"] + counts["votes_against"] + counts["votes_abstain"]
        voters, from_attendance = voting_organisations(group, meeting)
        if cast > voters:
            message = (ngettext("%(cast)d votes were entered, but only %(num)d organisation was present at this "
                                "meeting (one vote each).",
                                "%(cast)d votes were entered, but only %(num)d organisations were present at this "
                                "meeting (one vote each).", voters, cast=cast)
                       if from_attendance else
                       ngettext("%(cast)d votes were entered, but the group has %(num)d voting member organisation "
                                "(one vote each).",
                                "%(cast)d votes were entered, but the group has %(num)d voting member organisations "
                                "(one vote each).", voters, cast=cast))
            raise GroupError(message, field="votes_for")
    when = decided_at or (meeting.starts_at if meeting is not None else utcnow())
    if when.tzinfo is None:
        raise ValueError("decided_at must be timezone-aware")
    if when > utcnow():
        raise GroupError(_("A decision cannot be dated in the future."),
                         field="meeting_id" if decided_at is None else "decided_at")
    return CheckedDecision(how, counts, meeting, when)


def record(group: SecurityGroup, *, title: str, text: str = "", method: str, votes_for: int | None = None,
           votes_against: int | None = None, votes_abstain: int | None = None, meeting_id: int | None = None,
           decided_at: datetime | None = None, subject: str | None = None, recorded_by,
           language: str | None = None) -> Decision:
    """Record a decision; a vote needs its counts, a consensus has none. `language`: what it is written in
    (default: the language of the page it was typed on)."""
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise GroupError(_("Say in a few words what was decided."), field="title")
    if len(title) > TITLE_MAX:
        raise GroupError(_("Keep the title under %(max)d characters.", max=TITLE_MAX), field="title")
    if len(text) > TEXT_MAX:
        raise GroupError(_("Keep the text under %(max)d characters.", max=TEXT_MAX), field="text")
    checked = check(group, method=method, votes_for=votes_for, votes_against=votes_against,
                    votes_abstain=votes_abstain, meeting_id=meeting_id, decided_at=decided_at)
    how, counts, meeting = checked.method, checked.counts, checked.meeting
    decision = Decision(group=group, meeting=meeting, title=title, text=text, method=how.value, subject=subject,
                        decided_at=checked.decided_at, recorded_by_id=recorded_by.id, **counts)
    db.session.add(decision)
    db.session.flush()
    set_original_language("decision", decision.id, language or reader_language())
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
