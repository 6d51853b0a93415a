"""The cycle itself: list and opening, overview with phases, settings, training, indicators, comparison, report."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from partnership import access
from partnership.auth.roles import Role
from partnership.cycles import bp, comparison, lifecycle, report
from partnership.cycles.engagement import settings_for
from partnership.cycles.errors import CycleError
from partnership.cycles.forms import CloseCycleForm, CountIndicatorForm, IndicatorValuesForm, OpenCycleForm, SettingsForm, TrainingForm
from partnership.cycles.models import Indicator
from partnership.cycles.views import cycle_or_404, int_or_zero, show_error
from partnership.extensions import db
from partnership.groups.meetings import upcoming_and_past
from partnership.groups.permissions import can_plan_group, can_work_in_group

VIEWERS = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)
WORKERS = (Role.PLANNER, Role.PARTNER)


def ui_lang() -> str:
    return str(get_locale())


def _meeting_choices(form) -> None:
    _upcoming, past = upcoming_and_past(g.group)
    form.meeting_id.choices = [(0, _("Choose a meeting"))] + [(m.id, f"{format_date(m.starts_at)} · {m.title}")
                                                               for m in past]


@bp.route("/groups/<int:group_id>/cycles", methods=["GET", "POST"])
@access.group(*VIEWERS)
def cycle_list(group_id: int):
    form = OpenCycleForm()
    can_plan = can_plan_group(current_user, g.group)
    if request.method == "POST":
        if not can_plan:
            abort(403)
        if form.validate_on_submit():
            try:
                cycle = lifecycle.open_cycle(g.group, starts_on=form.starts_on.data, months=form.months.data,
                                             user=current_user)
            except CycleError as error:
                show_error(form, error)
            else:
                flash(_("Evaluation cycle %(n)d is open.", n=cycle.number), "success")
                return redirect(url_for("cycles.cycle_detail", group_id=group_id, cycle_id=cycle.id))
    elif form.starts_on.data is None:
        form.starts_on.data = date.today()
    return render_template("cycles/list.html", group=g.group, cycles=lifecycle.group_cycles(g.group), form=form,
                           can_plan=can_plan, current=lifecycle.current_cycle(g.group),
                           settings=settings_for(g.group)), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/settings", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group)
def cycle_settings(group_id: int):
    settings = settings_for(g.group)
    form = SettingsForm(obj=settings)
    if form.validate_on_submit():
        try:
            lifecycle.update_settings(g.group, max_active_priorities=form.max_active_priorities.data,
                                      response_target_days=form.response_target_days.data,
                                      public_page=form.public_page.data)
        except CycleError as error:
            show_error(form, error)
        else:
            flash(_("The cycle settings are saved."), "success")
            return redirect(url_for("cycles.cycle_list", group_id=group_id))
    return render_template("cycles/settings.html", group=g.group, form=form), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>")
@access.group(*VIEWERS)
def cycle_detail(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    return render_template("cycles/detail.html", group=g.group, cycle=cycle, phases=lifecycle.phases(cycle),
                           team=lifecycle.team_status(g.group), profile=lifecycle.adopted_profile(g.group),
                           can_plan=can_plan_group(current_user, g.group),
                           can_work=can_work_in_group(current_user, g.group))


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/training", methods=["GET", "POST"])
@access.group(*VIEWERS)
def training(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    can_work = can_work_in_group(current_user, g.group)
    form = TrainingForm()
    if request.method == "POST":
        if not can_work or not cycle.is_open:
            abort(403)
        if request.form.get("complete"):
            source, _sep, item = request.form["complete"].partition(":")
            try:
                lifecycle.complete_training(cycle, source=source, item_id=int_or_zero(item),
                                            completed_on=date.today())
            except CycleError as error:
                show_error(None, error)
            else:
                flash(_("Training marked as completed."), "success")
            return redirect(url_for("cycles.training", group_id=group_id, cycle_id=cycle_id))
        if form.validate_on_submit():
            try:
                lifecycle.add_training(cycle, title=form.title.data, who=form.who.data, days=form.days.data,
                                       mode=form.mode.data)
            except CycleError as error:
                show_error(form, error)
            else:
                flash(_("Training added to the cycle."), "success")
                return redirect(url_for("cycles.training", group_id=group_id, cycle_id=cycle_id))
    return render_template("cycles/training.html", group=g.group, cycle=cycle, items=lifecycle.training_items(cycle),
                           form=form, can_work=can_work, modes=lifecycle.TRAINING_MODES,
                           phase=lifecycle.phases(cycle)[0]), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/indicators", methods=["GET", "POST"])
@access.group(*VIEWERS)
def indicators(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    can_work = can_work_in_group(current_user, g.group)
    form = CountIndicatorForm()
    form.priority_id.choices = [(0, _("The whole cycle"))] + [(p.id, p.title) for p in cycle.priorities]
    values_form = IndicatorValuesForm(prefix="values")
    if request.method == "POST":
        if not can_work or not cycle.is_open:
            abort(403)
        action = request.form.get("action")
        try:
            if action == "standard":
                priority_id = request.form.get("priority_id", type=int) or None
                if priority_id and not any(p.id == priority_id for p in cycle.priorities):
                    priority_id = None
                added = comparison.add_standard(cycle, request.form.get("key", ""), request.form.get("row") or None,
                                                ui_lang(), priority_id=priority_id)
                flash(_("Indicator “%(title)s” added.", title=added.label), "success")
                return redirect(url_for("cycles.indicators", group_id=group_id, cycle_id=cycle_id))
            if action == "values" and values_form.validate_on_submit():
                indicator = db.session.get(Indicator, int_or_zero(values_form.indicator_id.data))
                if indicator is None or indicator.cycle_id != cycle.id:
                    raise CycleError(_("That indicator is not part of this cycle."))
                indicator.target_value = values_form.target.data
                if indicator.source == "count":
                    indicator.follow_up_value = values_form.follow_up.data
                db.session.commit()
                flash(_("Indicator “%(title)s” updated.", title=indicator.label), "success")
                return redirect(url_for("cycles.indicators", group_id=group_id, cycle_id=cycle_id))
            if action == "count" and form.validate_on_submit():
                comparison.add_count_indicator(cycle, title=form.title.data, baseline=form.baseline.data,
                                               target=form.target.data, higher_is_better=form.higher_is_better.data == "1",
                                               priority_id=form.priority_id.data or None)
                flash(_("Indicator added."), "success")
                return redirect(url_for("cycles.indicators", group_id=group_id, cycle_id=cycle_id))
        except CycleError as error:
            show_error(form if action == "count" else None, error)
            if action != "count":
                return redirect(url_for("cycles.indicators", group_id=group_id, cycle_id=cycle_id))
    return render_template("cycles/indicators.html", group=g.group, cycle=cycle, form=form, values_form=values_form,
                           offers=comparison.standard_offer(cycle, ui_lang()), can_work=can_work), \
        (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/comparison", methods=["GET", "POST"])
@access.group(*VIEWERS)
def comparison_page(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    can_plan = can_plan_group(current_user, g.group)
    if request.method == "POST":
        if not can_plan or not cycle.is_open:
            abort(403)
        try:
            survey = comparison.start_follow_up(cycle, current_user)
        except CycleError as error:
            show_error(None, error)
        else:
            flash(_("The follow-up round is ready as a draft copy of the baseline survey: open it to collect answers."),
                  "success")
            return redirect(url_for("assessments.survey_distribute", group_id=group_id, survey_id=survey.id))
        return redirect(url_for("cycles.comparison_page", group_id=group_id, cycle_id=cycle_id))
    compared = comparison.compare(cycle, ui_lang())
    chosen = request.args.get("indicator", type=int)
    survey_indicators = [c.indicator for c in compared.overall]
    if survey_indicators and chosen not in {i.id for i in survey_indicators}:
        chosen = survey_indicators[0].id
    change_map = None
    if chosen and compared.by_area:
        try:
            from maps import rendering
        except ImportError:  # maps is an optional package of an installation
            rendering = None
        if rendering is not None:
            indicator = next(i for i in survey_indicators if i.id == chosen)
            unit = _("points") if indicator.measure == "share" else _("units")
            change_map = rendering.choropleth_map(
                comparison.map_values(compared, chosen), legend=_("Change: %(title)s (%(unit)s)",
                                                                  title=indicator.label, unit=unit),
                value_format="{:+.1f}", version_id=cycle.baseline_survey.boundary_version_id)
    names = {n.id: n.name for n in g.group.neighbourhoods}
    return render_template("cycles/comparison.html", group=g.group, cycle=cycle, compared=compared, names=names,
                           chosen=chosen, change_map=change_map, can_plan=can_plan)


def _close_form() -> CloseCycleForm:
    form = CloseCycleForm()
    _meeting_choices(form)
    return form


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/report", methods=["GET", "POST"])
@access.group(*VIEWERS)
def report_page(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    can_plan = can_plan_group(current_user, g.group)
    form = _close_form()
    if request.method == "GET" and not form.lessons.data:
        form.lessons.data = cycle.lessons
    if request.method == "POST":
        if not can_plan:
            abort(403)
        if form.validate_on_submit():
            try:
                lifecycle.close_cycle(cycle, meeting_id=form.meeting_id.data or None, method=form.method.data,
                                      lessons=form.lessons.data, user=current_user, votes_for=form.votes_for.data,
                                      votes_against=form.votes_against.data, votes_abstain=form.votes_abstain.data)
            except CycleError as error:
                show_error(form, error)
            else:
                flash(_("The report is adopted and cycle %(n)d is closed. Open the next cycle: its needs list "
                        "starts from this report.", n=cycle.number), "success")
                return redirect(url_for("cycles.cycle_list", group_id=group_id))
    return render_template("cycles/report.html", group=g.group, report=report.build(cycle, ui_lang()), form=form,
                           can_plan=can_plan, printable=False), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/report/print")
@access.group(*VIEWERS)
def report_print(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    return render_template("cycles/report_print.html", group=g.group, report=report.build(cycle, ui_lang()),
                           printable=True)
