"""The team page (everyone in the group), officers' plans and departures (planners)."""
from __future__ import annotations

from datetime import date

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.permissions import can_plan_group, is_partner_of
from partnership.teams import bp, profile_source, readiness
from partnership.teams import appointment as appointment_cases
from partnership.teams import training as training_cases
from partnership.teams.errors import TeamError
from partnership.teams.forms import CompleteForm, LeaveForm, TargetForm
from partnership.teams.models import TeamSettings
from partnership.teams.team import (
    current_holdings,
    holding_history,
    open_vacancies,
    readiness_target,
    seats,
    team_status,
    training_plans,
    vacant_since,
)
from partnership.teams.views import holding_or_404, item_or_404, show_error

PREFIX = "/groups/<int:group_id>/team"


@bp.route(PREFIX)
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def overview(group_id: int):
    """Roles, readiness and training progress; officers' names only for the planning team."""
    group = g.group
    profile = profile_source.adopted_profile(group)
    team = seats(group, profile)
    codes, rows = readiness.matrix(team)
    names = {}
    if profile is not None:
        names = {c.code: c.name for role in profile.roles for c in role.competences}
    can_plan = can_plan_group(current_user, group)
    form = TargetForm(readiness_target=round(readiness_target(group) * 100))
    return render_template(
        "teams/overview.html", group=group, profile=profile, status=team_status(group), codes=codes, rows=rows,
        names=names, seat_readiness=readiness.seat_readiness, plans=training_plans(group),
        holdings={h.id: h for h in current_holdings(group)}, vacant=vacant_since(group),
        history=holding_history(group) if can_plan else [], vacancies=open_vacancies(group),
        on_panel=is_partner_of(current_user, group),
        can_plan=can_plan, is_reviewer=current_user.role == Role.REVIEWER, form=form,
        level_name=profile_source.level_name)


@bp.route(PREFIX + "/target", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def set_target(group_id: int):
    form = TargetForm()
    if form.validate_on_submit():
        settings = db.session.get(TeamSettings, g.group.id) or TeamSettings(group_id=g.group.id)
        settings.readiness_target = form.readiness_target.data / 100
        db.session.add(settings)
        db.session.commit()
        flash(_("The readiness target is now %(target)d%%.", target=form.readiness_target.data), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("teams.overview", group_id=g.group.id))


@bp.route(PREFIX + "/officers/<int:holding_id>")
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def officer(holding_id: int, group_id: int):
    holding = holding_or_404(holding_id)
    return _officer_page(holding, CompleteForm(completed_on=date.today()), LeaveForm(ended_on=date.today()))


def _officer_page(holding, complete_form, leave_form, status: int = 200, item_id: int | None = None):
    required = training_cases.required_levels(holding)
    gaps = training_cases.officer_gaps(holding)
    from partnership.teams.training_plan import plan

    unclosed = plan(gaps, training_cases.offers()).unclosed
    names = {c["code"]: c["name"] for r in (holding.vacancy.roles if holding.vacancy else []) for c in r["competences"]}
    from partnership.teams.forms import MODE_LABELS

    return render_template("teams/officer.html", group=g.group, holding=holding, required=required, modes=MODE_LABELS,
                           levels=holding.current_levels, gaps=gaps, unclosed=unclosed, names=names,
                           complete_form=complete_form, leave_form=leave_form, failed_item=item_id,
                           level_name=profile_source.level_name), status


@bp.route(PREFIX + "/officers/<int:holding_id>/plan", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def replan(holding_id: int, group_id: int):
    holding = holding_or_404(holding_id)
    if FlaskForm().validate_on_submit() and holding.ended_on is None:
        result = training_cases.replan(holding, by=current_user)
        flash(_("Training plan updated: %(count)d courses, %(days)s days.", count=len(result.courses),
                days=f"{result.days:g}"), "success")
    return redirect(url_for("teams.officer", group_id=g.group.id, holding_id=holding.id))


@bp.route(PREFIX + "/officers/<int:holding_id>/plan/<int:item_id>/complete", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def complete_item(holding_id: int, item_id: int, group_id: int):
    holding = holding_or_404(holding_id)
    item = item_or_404(holding, item_id)
    form = CompleteForm()
    form.reached.choices = [(code, code) for code in item.target_levels]
    if form.validate_on_submit():
        try:
            training_cases.complete(item, completed_on=form.completed_on.data, reached=form.reached.data or [],
                                    note=form.assessment_note.data, by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("“%(course)s” is recorded as completed.", course=item.course_title), "success")
            return redirect(url_for("teams.officer", group_id=g.group.id, holding_id=holding.id))
    return _officer_page(holding, form, LeaveForm(ended_on=date.today()), 400, item_id=item.id)


@bp.route(PREFIX + "/officers/<int:holding_id>/leave", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def leave(holding_id: int, group_id: int):
    holding = holding_or_404(holding_id)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            appointment_cases.leave(holding, ended_on=form.ended_on.data, reason=form.reason.data, by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("%(role)s is now vacant. Generate a replacement vacancy when you are ready.", role=holding.label),
                  "success")
            return redirect(url_for("teams.overview", group_id=g.group.id))
    return _officer_page(holding, CompleteForm(completed_on=date.today()), form, 400)


@bp.route(PREFIX + "/officers/<int:holding_id>/replacement", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def replacement(holding_id: int, group_id: int):
    holding = holding_or_404(holding_id)
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("teams.overview", group_id=g.group.id))
    try:
        vacancy = appointment_cases.replacement_vacancy(holding, by=current_user)
    except TeamError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("teams.overview", group_id=g.group.id))
    flash(_("Replacement vacancy generated from the adopted profile."), "success")
    return redirect(url_for("teams.vacancy", group_id=g.group.id, vacancy_id=vacancy.id))
