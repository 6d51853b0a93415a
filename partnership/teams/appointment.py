"""Appointing officers (a group decision), officers leaving, replacement vacancies, and the candidate purge."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups import decisions
from partnership.groups.errors import GroupError
from partnership.teams import recruitment, training
from partnership.teams.errors import TeamError
from partnership.teams.models import (
    Candidate,
    CompetenceScore,
    RoleHolding,
    ScoreSheet,
    Vacancy,
    VacancyStatus,
)
from partnership.teams.team import current_holdings

REASON_MAX = 200


def open_seats(vacancy: Vacancy) -> list[tuple[dict, int]]:
    """(role snapshot, seat number) the vacancy recruits for and nobody holds now."""
    held = {(h.role_key, h.seat) for h in current_holdings(vacancy.group)}
    return [(role, seat) for role in vacancy.roles for seat in role["seats"] if (role["key"], seat) not in held]


def appoint(vacancy: Vacancy, assignments: list[tuple[str, int, int]], *, method: str, votes_for=None,
            votes_against=None, votes_abstain=None, meeting_id=None, started_on: date | None = None, by) -> list[RoleHolding]:
    """Appoint candidates to seats, (role key, seat, candidate id) each, recorded as one group decision.

    The decision names roles, not people: partners read the group's decisions.
    """
    recruitment._require_open(vacancy)
    if not assignments:
        raise TeamError(_("Choose a candidate for at least one role."))
    seats = {(role["key"], seat): role for role, seat in open_seats(vacancy)}
    candidates = {c.id: c for c in vacancy.candidates}
    chosen: set[int] = set()
    holdings = []
    for role_key, seat, candidate_id in assignments:
        role = seats.get((role_key, seat))
        candidate = candidates.get(candidate_id)
        if role is None:
            raise TeamError(_("That role is not open in this vacancy."))
        if candidate is None or candidate.appointed or candidate_id in chosen:
            raise TeamError(_("Choose a different candidate for each role, from this vacancy."))
        if not candidate.sheets:
            raise TeamError(_("%(name)s has not been scored yet.", name=candidate.name))
        chosen.add(candidate_id)
        holdings.append((role, seat, candidate))
    labels = ", ".join(f"{role['title']} {seat}" for role, seat, _c in holdings)
    try:
        decision = decisions.record(
            vacancy.group, title=_("Appointment of officers: %(roles)s", roles=labels)[:decisions.TITLE_MAX],
            text=_("The selection panel's ranked shortlist was followed. Candidate records are kept by the "
                   "police planning team only."),
            method=method, votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
            meeting_id=meeting_id, subject=f"vacancy:{vacancy.id}", recorded_by=by)
    except GroupError as error:
        db.session.rollback()
        raise TeamError(error.message, field=error.field) from None
    result = []
    for role, seat, candidate in holdings:
        candidate.appointed = True
        holding = RoleHolding(group_id=vacancy.group_id, vacancy_id=vacancy.id, candidate_id=candidate.id,
                              decision_id=decision.id, role_key=role["key"], role_title=role["title"], seat=seat,
                              officer_name=candidate.name, assessed_levels=recruitment.assessed_levels(candidate),
                              started_on=started_on or date.today())
        db.session.add(holding)
        result.append(holding)
    db.session.flush()
    for holding in result:
        training.plan_for(holding)
        log_event("officer.appointed", actor=by, target=f"role_holding:{holding.id}",
                  details={"vacancy_id": vacancy.id, "decision_id": decision.id, "role": holding.label})
    if not open_seats(vacancy):
        _close(vacancy)
    db.session.commit()
    return result


def _close(vacancy: Vacancy) -> None:
    vacancy.status = VacancyStatus.CLOSED
    vacancy.closed_at = utcnow()


def close_vacancy(vacancy: Vacancy, *, by) -> None:
    """Stop recruiting; the purge clock for the people not appointed starts now."""
    recruitment._require_open(vacancy)
    _close(vacancy)
    log_event("vacancy.closed", actor=by, target=f"vacancy:{vacancy.id}")
    db.session.commit()


def leave(holding: RoleHolding, *, ended_on: date, reason: str, by) -> None:
    """An officer leaves the role (redeployment): the seat is vacant, the history keeps them."""
    if holding.ended_on is not None:
        raise TeamError(_("This officer has already left the role."))
    reason = (reason or "").strip()
    if not reason:
        raise TeamError(_("Say why the officer leaves (for example: redeployed to another unit)."), field="reason")
    if len(reason) > REASON_MAX:
        raise TeamError(_("Keep the reason under %(max)d characters.", max=REASON_MAX), field="reason")
    if ended_on is None:
        raise TeamError(_("Enter the date the officer leaves."), field="ended_on")
    if ended_on < holding.started_on:
        raise TeamError(_("An officer cannot leave before being appointed."), field="ended_on")
    if ended_on > date.today():
        raise TeamError(_("Record the departure on the day it happens, not in advance."), field="ended_on")
    holding.ended_on, holding.end_reason = ended_on, reason
    log_event("officer.left", actor=by, target=f"role_holding:{holding.id}", details={"role": holding.label})
    db.session.commit()


def replacement_vacancy(holding: RoleHolding, *, by) -> Vacancy:
    """A new vacancy from the group's adopted profile for the seat(s) left vacant."""
    if holding.ended_on is None:
        raise TeamError(_("The officer still holds the role."))
    return recruitment.create_vacancy(holding_group(holding), by=by, replaces=holding)


def holding_group(holding: RoleHolding):
    from partnership.groups.models import SecurityGroup

    return db.session.get(SecurityGroup, holding.group_id)


def purge_candidates(now: datetime | None = None) -> int:
    """Delete people not appointed, CANDIDATE_RETENTION_DAYS after their vacancy closed; returns how many."""
    days = current_app.config["CANDIDATE_RETENTION_DAYS"]
    cutoff = (now or utcnow()) - timedelta(days=days)
    expired = select(Candidate.id).join(Vacancy).where(Candidate.appointed.is_(False),
                                                      Vacancy.status == VacancyStatus.CLOSED,
                                                      Vacancy.closed_at < cutoff)
    ids = list(db.session.scalars(expired))
    if not ids:
        return 0
    # Children first, explicitly: the purge must not depend on the engine honouring ON DELETE CASCADE.
    sheets = select(ScoreSheet.id).where(ScoreSheet.candidate_id.in_(ids))
    db.session.execute(delete(CompetenceScore).where(CompetenceScore.sheet_id.in_(sheets)))
    db.session.execute(delete(ScoreSheet).where(ScoreSheet.candidate_id.in_(ids)))
    db.session.execute(delete(Candidate).where(Candidate.id.in_(ids)))
    log_event("candidates.purged", details={"count": len(ids), "retention_days": days})
    db.session.commit()
    # Bulk deletes bypass the identity map: forget what it still holds of the people removed.
    removed = set(ids)
    for key in [k for k in db.session.identity_map.keys() if k[0] is Candidate and k[1][0] in removed]:
        db.session.expunge(db.session.identity_map[key])
    return len(ids)
