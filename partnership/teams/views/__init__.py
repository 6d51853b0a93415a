"""Pages of Step 4: thin views that parse the request, call a use case and render.

Candidate pages answer 404 to anyone but the group's planners (and, for scoring, to
partners only when the group put them on the panel): a partner cannot even learn
that a candidate id exists.
"""
from __future__ import annotations

from flask import abort, current_app, g
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.extensions import db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import is_planner_of
from partnership.teams.errors import TeamError
from partnership.teams.models import Candidate, PlanItem, RoleHolding, Vacancy


def _signed_in() -> None:
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())  # type: ignore[attr-defined]


def _group_or_404(group_id: int) -> SecurityGroup:
    group = db.session.get(SecurityGroup, group_id)
    if group is None:
        abort(404)
    g.group = group
    return group


def planners_only(kwargs) -> None:
    """The group's planning team; everyone else is told the page does not exist."""
    _signed_in()
    if not is_planner_of(current_user, _group_or_404(kwargs["group_id"])):
        abort(404)


def panel_members(kwargs) -> None:
    """The group's planners, or its partners when the vacancy has an anonymised partner panel."""
    from partnership.teams.recruitment import may_rate

    _signed_in()
    _group_or_404(kwargs["group_id"])
    vacancy = vacancy_or_404(kwargs["vacancy_id"])
    if not may_rate(current_user, vacancy):
        abort(404)


def vacancy_or_404(vacancy_id: int) -> Vacancy:
    return access.in_group_or_404(Vacancy, vacancy_id)


def candidate_or_404(vacancy: Vacancy, candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.vacancy_id != vacancy.id:
        abort(404)
    return candidate


def holding_or_404(holding_id: int) -> RoleHolding:
    return access.in_group_or_404(RoleHolding, holding_id)


def item_or_404(holding: RoleHolding, item_id: int) -> PlanItem:
    item = db.session.get(PlanItem, item_id)
    if item is None or item.holding_id != holding.id:
        abort(404)
    return item


def show_error(form: FlaskForm, error: TeamError) -> None:
    """Put a use case's message next to its field, or at the top of the form."""
    db.session.rollback()
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)


from partnership.teams.views import catalogue, recruitment, team  # noqa: E402,F401
