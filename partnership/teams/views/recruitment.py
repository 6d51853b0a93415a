"""Recruitment pages: the vacancy and its notice, criteria, candidates, scoring and appointment."""
from __future__ import annotations

from datetime import date

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.decisions import group_decisions
from partnership.groups.permissions import can_plan_group, is_planner_of
from partnership.teams import bp, profile_source, scoring
from partnership.teams import appointment as appointment_cases
from partnership.teams import recruitment as cases
from partnership.teams.errors import TeamError
from partnership.teams.forms import AppointForm, CandidateForm, PanelForm
from partnership.teams.views import candidate_or_404, panel_members, planners_only, show_error, vacancy_or_404

PREFIX = "/groups/<int:group_id>/team/vacancies"
PLANNERS = "the group's planning team (404 for anyone else)"


@bp.route(PREFIX, methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def vacancy_new(group_id: int):
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("teams.overview", group_id=g.group.id))
    try:
        vacancy = cases.create_vacancy(g.group, by=current_user)
    except TeamError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("teams.overview", group_id=g.group.id))
    flash(_("Vacancy generated from the adopted profile. Fix the weights of the competences before anyone scores."),
          "success")
    return redirect(url_for("teams.vacancy", group_id=g.group.id, vacancy_id=vacancy.id))


def _panel_form(vacancy) -> PanelForm:
    form = PanelForm(enabled=vacancy.partner_panel, decision_id=vacancy.partner_panel_decision_id or 0)
    form.decision_id.choices = [(0, _("Choose a decision"))] + [(d.id, d.title) for d in group_decisions(vacancy.group)]
    return form


def _vacancy_page(vacancy, *, candidate_form=None, panel_form=None, appoint_form=None, error: str | None = None,
                  status: int = 200):
    mine = {c.id for c in vacancy.candidates if cases.sheet_of(c, current_user) is not None}
    candidates = {c.id: c for c in vacancy.candidates}
    shortlists = []
    for role in vacancy.roles:
        ranked = [r for r in cases.role_results(vacancy, role) if r.candidate_id in mine]
        shortlists.append((role, ranked))
    appoint_form = appoint_form or AppointForm(started_on=date.today())
    return render_template(
        "teams/vacancy.html", group=g.group, vacancy=vacancy, candidates=candidates, mine=mine, shortlists=shortlists,
        names=vacancy.competence_names, locked=vacancy.weights_locked_at is not None or cases.has_scores(vacancy),
        panel_form=panel_form or _panel_form(vacancy), appoint_form=appoint_form,
        open_seats=appointment_cases.open_seats(vacancy), error=error, weight_range=range(scoring.WEIGHT_MIN,
                                                                                        scoring.WEIGHT_MAX + 1),
        level_name=profile_source.level_name), status


@bp.route(PREFIX + "/<int:vacancy_id>")
@access.custom(PLANNERS, planners_only)
def vacancy(group_id: int, vacancy_id: int):
    return _vacancy_page(vacancy_or_404(vacancy_id))


@bp.route(PREFIX + "/<int:vacancy_id>/notice")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def notice(group_id: int, vacancy_id: int):
    """The printable notice: roles, competences with levels, languages, platforms, online share, hours."""
    return render_template("teams/notice.html", group=g.group, vacancy=vacancy_or_404(vacancy_id),
                           languages=notice_languages(g.group), level_name=profile_source.level_name,
                           language_name=profile_source.language_name, platform_name=profile_source.platform_name)


def notice_languages(group) -> list[str]:
    """What residents read: the languages of the survey behind the group's adopted needs, else the installation's."""
    from assessments.needs import adopted_list

    configured = list(current_app.config["LANGUAGES"])
    needs_list = adopted_list(group)
    survey = needs_list.survey if needs_list is not None else None
    if survey is not None:
        return [code for code in survey.languages if code in configured] or configured
    return configured


@bp.route(PREFIX + "/<int:vacancy_id>/weights", methods=["POST"])
@access.custom(PLANNERS, planners_only)
def weights(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    if not FlaskForm().validate_on_submit():
        return _vacancy_page(vacancy, error=_("The form expired. Please try again."), status=400)
    values = {code: request.form.get(f"weight-{code}", type=int) for code in vacancy.competence_codes}
    try:
        cases.set_weights(vacancy, values, by=current_user)
    except TeamError as error:
        db.session.rollback()
        return _vacancy_page(vacancy, error=error.message, status=400)
    flash(_("The weights are fixed. They lock when the first score is submitted."), "success")
    return redirect(url_for("teams.vacancy", group_id=g.group.id, vacancy_id=vacancy.id))


@bp.route(PREFIX + "/<int:vacancy_id>/panel", methods=["POST"])
@access.custom(PLANNERS, planners_only)
def partner_panel(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    form = _panel_form(vacancy)
    if form.validate_on_submit():
        try:
            cases.set_partner_panel(vacancy, enabled=form.enabled.data, decision_id=form.decision_id.data or None,
                                    by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("Partners sit on the panel and will see pseudonyms only.") if vacancy.partner_panel
                  else _("Only the planning team scores."), "success")
            return redirect(url_for("teams.vacancy", group_id=g.group.id, vacancy_id=vacancy.id))
    return _vacancy_page(vacancy, panel_form=form, status=400)


@bp.route(PREFIX + "/<int:vacancy_id>/candidates/new", methods=["GET", "POST"])
@access.custom(PLANNERS, planners_only)
def candidate_new(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    form = CandidateForm()
    if form.validate_on_submit():
        try:
            candidate = cases.add_candidate(
                vacancy, name=form.name.data, unit=form.unit.data, languages=form.languages.data.split(","),
                platforms=form.platforms.data.split(","), motivation=form.motivation.data,
                online_motivation=form.online_motivation.data, by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("%(name)s is recorded as candidate %(pseudonym)s.", name=candidate.name,
                    pseudonym=candidate.pseudonym), "success")
            return redirect(url_for("teams.vacancy", group_id=g.group.id, vacancy_id=vacancy.id))
    return render_template("teams/candidate_form.html", group=g.group, vacancy=vacancy, form=form), \
        (400 if form.errors else 200)


@bp.route(PREFIX + "/<int:vacancy_id>/candidates/<int:candidate_id>")
@access.custom(PLANNERS, planners_only)
def candidate(group_id: int, vacancy_id: int, candidate_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    person = candidate_or_404(vacancy, candidate_id)
    own = cases.sheet_of(person, current_user)
    # Nobody sees the panel's scores of a candidate before submitting their own.
    sheets = person.sheets if own is not None else []
    results = [(role, scoring.candidate_result(person.id, cases.sheets_as_dicts(person),
                                               {c["code"]: c["level"] for c in role["competences"]}, vacancy.weights))
               for role in vacancy.roles] if own is not None else []
    return render_template("teams/candidate.html", group=g.group, vacancy=vacancy, candidate=person, own=own,
                           sheets=sheets, results=results, names=vacancy.competence_names,
                           level_name=profile_source.level_name, raters=len(person.sheets))


@bp.route(PREFIX + "/<int:vacancy_id>/scoring")
@access.custom("the vacancy's panel: the group's planners, and its partners if the group decided so (404 otherwise)",
               panel_members)
def panel(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    return render_template("teams/panel.html", group=g.group, vacancy=vacancy,
                           planner=is_planner_of(current_user, g.group),
                           rows=[(c, cases.sheet_of(c, current_user)) for c in vacancy.candidates])


@bp.route(PREFIX + "/<int:vacancy_id>/scoring/<int:candidate_id>", methods=["GET", "POST"])
@access.custom("the vacancy's panel: the group's planners, and its partners if the group decided so (404 otherwise)",
               panel_members)
def score(group_id: int, vacancy_id: int, candidate_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    person = candidate_or_404(vacancy, candidate_id)
    planner = is_planner_of(current_user, g.group)
    error, field, status = None, None, 200
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            error, status = _("The form expired. Please try again."), 400
        else:
            values = {code: (request.form.get(f"score-{code}", type=int), request.form.get(f"evidence-{code}", ""))
                      for code in vacancy.competence_codes}
            try:
                cases.submit_sheet(person, current_user, values)
            except TeamError as failure:
                db.session.rollback()
                error, field, status = failure.message, failure.field, 400
            else:
                flash(_("Your scores are submitted."), "success")
                if planner:
                    return redirect(url_for("teams.candidate", group_id=g.group.id, vacancy_id=vacancy.id,
                                            candidate_id=person.id))
                return redirect(url_for("teams.panel", group_id=g.group.id, vacancy_id=vacancy.id))
    return render_template("teams/score.html", group=g.group, vacancy=vacancy, candidate=person, planner=planner,
                           own=cases.sheet_of(person, current_user), names=vacancy.competence_names, error=error,
                           error_field=field, form=request.form, level_name=profile_source.level_name), status


@bp.route(PREFIX + "/<int:vacancy_id>/appoint", methods=["POST"])
@access.custom(PLANNERS, planners_only)
def appoint(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    form = AppointForm()
    if form.validate_on_submit():
        assignments = []
        for role, seat in appointment_cases.open_seats(vacancy):
            chosen = request.form.get(f"seat-{role['key']}-{seat}", type=int)
            if chosen:
                assignments.append((role["key"], seat, chosen))
        try:
            holdings = appointment_cases.appoint(
                vacancy, assignments, method=form.method.data, votes_for=form.votes_for.data,
                votes_against=form.votes_against.data, votes_abstain=form.votes_abstain.data,
                started_on=form.started_on.data, by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("Appointment recorded as a decision of the group: %(roles)s. Each officer has a training plan.",
                    roles=", ".join(h.label for h in holdings)), "success")
            return redirect(url_for("teams.overview", group_id=g.group.id))
    return _vacancy_page(vacancy, appoint_form=form, status=400)


@bp.route(PREFIX + "/<int:vacancy_id>/close", methods=["POST"])
@access.custom(PLANNERS, planners_only)
def close(group_id: int, vacancy_id: int):
    vacancy = vacancy_or_404(vacancy_id)
    if FlaskForm().validate_on_submit():
        try:
            appointment_cases.close_vacancy(vacancy, by=current_user)
        except TeamError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("The vacancy is closed."), "success")
    return redirect(url_for("teams.overview", group_id=g.group.id))
