"""The team of a group as it stands: current holders, seats, readiness, Step 4's state."""
from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from partnership.extensions import db
from partnership.groups.progress import COMPLETE, IN_PROGRESS, NOT_STARTED, STEP_TITLES, StepStatus
from partnership.teams import profile_source, readiness
from partnership.teams.models import PlanItem, RoleHolding, TeamSettings, Vacancy, VacancyStatus
from partnership.teams.public import PlannedTraining, TeamStatus

DEFAULT_TARGET = 0.8


def readiness_target(group) -> float:
    settings = db.session.get(TeamSettings, group.id)
    return settings.readiness_target if settings else DEFAULT_TARGET


def current_holdings(group) -> list[RoleHolding]:
    return list(db.session.scalars(select(RoleHolding).where(RoleHolding.group_id == group.id,
                                                             RoleHolding.ended_on.is_(None))
                                   .order_by(RoleHolding.role_key, RoleHolding.seat)))


def holding_history(group) -> list[RoleHolding]:
    """Every holder of every seat, latest first: the team's continuity."""
    return list(db.session.scalars(select(RoleHolding).where(RoleHolding.group_id == group.id)
                                   .order_by(RoleHolding.role_title, RoleHolding.seat, RoleHolding.started_on.desc(),
                                             RoleHolding.id.desc())))


def open_vacancies(group) -> list[Vacancy]:
    return list(db.session.scalars(select(Vacancy).where(Vacancy.group_id == group.id,
                                                         Vacancy.status == VacancyStatus.OPEN).order_by(Vacancy.id)))


def seats(group, profile=None) -> list[readiness.Seat]:
    profile = profile or profile_source.adopted_profile(group)
    return [] if profile is None else readiness.seats_for(profile.roles, current_holdings(group))


def team_status(group) -> TeamStatus | None:
    profile = profile_source.adopted_profile(group)
    if profile is None:
        return None
    team = seats(group, profile)
    figure = readiness.team_readiness(team)
    target = readiness_target(group)
    filled = sum(1 for s in team if not s.vacant)
    return TeamStatus(group_id=group.id, roles_required=len(team), roles_filled=filled, readiness=figure,
                      readiness_target=target, vacancies_open=len(open_vacancies(group)),
                      complete=bool(team) and filled == len(team) and (figure is None or figure >= target - 1e-9))


def training_plans(group) -> list[PlannedTraining]:
    rows = db.session.execute(select(PlanItem, RoleHolding).join(RoleHolding, PlanItem.holding_id == RoleHolding.id)
                              .where(RoleHolding.group_id == group.id, RoleHolding.ended_on.is_(None))
                              .order_by(RoleHolding.role_title, RoleHolding.seat, PlanItem.position)).all()
    return [PlannedTraining(plan_item_id=item.id, role_title=holding.role_title, officer_label=holding.label,
                            course_title=item.course_title, competence_codes=tuple(item.competence_codes),
                            days=item.days, mode=item.mode, completed_on=item.completed_on)
            for item, holding in rows]


def vacant_since(group) -> list[RoleHolding]:
    """The last holders of seats left vacant and not filled again (their label and date are public)."""
    current = {(h.role_key, h.seat) for h in current_holdings(group)}
    left = db.session.scalars(select(RoleHolding).where(RoleHolding.group_id == group.id,
                                                        RoleHolding.ended_on.is_not(None))
                              .order_by(RoleHolding.ended_on.desc())).all()
    seen, result = set(), []
    for holding in left:
        key = (holding.role_key, holding.seat)
        if key not in current and key not in seen:
            seen.add(key)
            result.append(holding)
    return result


def _url(group) -> str | None:
    return url_for("teams.overview", group_id=group.id) if has_request_context() else None


def step_four(group) -> StepStatus:
    """Complete when every role is filled and readiness reaches the group's target."""
    status = StepStatus(4, str(STEP_TITLES[4]), url=_url(group))
    team = team_status(group)
    if team is None:
        status.state = NOT_STARTED
        status.next_action = _("Adopt the team profile (Step 3) first: the vacancy is generated from it.")
        status.url = None
        return status
    has_started = team.roles_filled or team.vacancies_open or db.session.scalar(
        select(func.count(Vacancy.id)).where(Vacancy.group_id == group.id))
    target = round(team.readiness_target * 100)
    figure = None if team.readiness is None else round(team.readiness * 100)
    status.checklist = [
        (_("Roles filled: %(filled)d of %(required)d", filled=team.roles_filled, required=team.roles_required),
         team.roles_filled == team.roles_required),
        (_("Team readiness %(figure)s%% (target %(target)d%%)", figure=figure if figure is not None else "–",
           target=target), figure is None or (team.readiness or 0) >= team.readiness_target - 1e-9),
    ]
    for left in vacant_since(group):
        status.checklist.append((_("%(role)s is vacant since %(date)s: the officer left the role.",
                                   role=left.label, date=format_date(left.ended_on)), False))
    if team.complete:
        status.state = COMPLETE
        status.summary = _("Every role is filled and the team is %(figure)d%% ready.", figure=figure or 100)
        status.next_action = _("Keep the team trained and staffed.")
    else:
        status.state = IN_PROGRESS if has_started else NOT_STARTED
        if not has_started:
            status.next_action = _("Generate the vacancy notice from the adopted profile.")
        elif team.roles_filled < team.roles_required:
            status.next_action = _("Score the candidates and appoint officers to the vacant roles.")
        else:
            status.next_action = _("Train the officers until the team reaches its readiness target.")
    return status
