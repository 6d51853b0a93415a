"""The cycle's work: engagement log and service level, online signals, priorities, self-assessment."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_babel import gettext as _

from partnership import access
from partnership.auth.roles import Role
from partnership.cycles import bp, comparison, engagement, problem_solving, self_assessment, signals
from partnership.cycles.errors import CycleError
from partnership.cycles.forms import (
    ActionForm,
    ActionStatusForm,
    ActivityForm,
    DecisionForm,
    MessagesForm,
    PriorityForm,
    RecordForm,
    SignalForm,
)
from partnership.cycles.models import PriorityAction
from partnership.cycles.views import cycle_or_404, int_or_zero, priority_or_404, show_error
from partnership.cycles.views.cycle import VIEWERS, _meeting_choices, ui_lang
from partnership.extensions import db
from partnership.groups.permissions import can_work_in_group


def _neighbourhood_choices(form_field) -> None:
    form_field.choices = [(0, _("Not tied to one neighbourhood"))] + [(n.id, n.name) for n in g.group.neighbourhoods]


def _writable(cycle) -> None:
    if not can_work_in_group(current_user, g.group) or not cycle.is_open:
        abort(403)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/engagement", methods=["GET", "POST"])
@access.group(*VIEWERS)
def engagement_log(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form, messages_form = ActivityForm(prefix="activity"), MessagesForm(prefix="messages")
    _neighbourhood_choices(form.neighbourhood_id)
    if request.method == "GET":
        form.happened_on.data = form.happened_on.data or min(date.today(), cycle.ends_on)
    if request.method == "POST":
        _writable(cycle)
        try:
            if "messages-platform" in request.form:
                if messages_form.validate_on_submit():
                    engagement.log_messages(cycle, platform=messages_form.platform.data,
                                            received_on=messages_form.received_on.data, count=messages_form.count.data,
                                            answered_on=messages_form.answered_on.data)
                    flash(_("Messages recorded."), "success")
                    return redirect(url_for("cycles.engagement_log", group_id=group_id, cycle_id=cycle_id) + "#service")
            elif form.validate_on_submit():
                engagement.log_activity(cycle, kind=form.kind.data, happened_on=form.happened_on.data,
                                        platform=form.platform.data, neighbourhood_id=form.neighbourhood_id.data or None,
                                        place=form.place.data, contacts=form.contacts.data, partners=form.partners.data,
                                        notes=form.notes.data)
                flash(_("Activity added to the log."), "success")
                return redirect(url_for("cycles.engagement_log", group_id=group_id, cycle_id=cycle_id))
        except CycleError as error:
            show_error(messages_form if "messages-platform" in request.form else form, error)
    summary = engagement.summary(cycle)
    place_map = None
    if summary.by_place:
        try:
            from maps import rendering
        except ImportError:  # maps is an optional package of an installation
            rendering = None
        if rendering is not None:
            values = {n.id: summary.by_place.get(n.id, 0) for n in g.group.neighbourhoods}
            place_map = rendering.choropleth_map(values, legend=_("Activities logged"), value_format="{:.0f}")
    return render_template("cycles/engagement.html", group=g.group, cycle=cycle, form=form,
                           messages_form=messages_form, summary=summary, service=engagement.service_level(cycle),
                           place_map=place_map, kinds=engagement.KINDS, platforms=signals.PLATFORMS,
                           can_work=can_work_in_group(current_user, g.group)), \
        (400 if form.errors or messages_form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/signals", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def signal_log(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = SignalForm()
    _neighbourhood_choices(form.neighbourhood_id)
    if request.method == "GET":
        form.observed_on.data = form.observed_on.data or min(date.today(), cycle.ends_on)
    if request.method == "POST":
        _writable(cycle)
        if form.validate_on_submit():
            try:
                signals.record_signal(cycle, observed_on=form.observed_on.data, platform=form.platform.data,
                                      theme=form.theme.data, description=form.description.data,
                                      neighbourhood_id=form.neighbourhood_id.data or None,
                                      referred_to=form.referred_to.data, referred_detail=form.referred_detail.data,
                                      outcome=form.outcome.data)
            except CycleError as error:
                show_error(form, error)
            else:
                flash(_("Signal recorded."), "success")
                return redirect(url_for("cycles.signal_log", group_id=group_id, cycle_id=cycle_id))
    return render_template("cycles/signals.html", group=g.group, cycle=cycle, form=form, platforms=signals.PLATFORMS,
                           themes=signals.THEMES, referrals=signals.REFERRALS), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/priorities", methods=["GET", "POST"])
@access.group(*VIEWERS)
def priorities(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = PriorityForm()
    form.need.choices = [("", _("Choose a need"))] + [(n.get("key") if n.get("key") != "custom" else str(n.get("rank")),
                                                      f"{n.get('rank')}. {n.get('title')}") for n in cycle.needs]
    if request.method == "POST":
        _writable(cycle)
        if form.validate_on_submit():
            try:
                priority = problem_solving.add_priority(cycle, need_key=form.need.data or None, title=form.title.data,
                                                        user=current_user)
            except CycleError as error:
                show_error(form, error)
            else:
                flash(_("“%(title)s” is now a priority.", title=priority.title), "success")
                return redirect(url_for("cycles.priority_detail", group_id=group_id, cycle_id=cycle_id,
                                        priority_id=priority.id))
    compared = comparison.compare(cycle, ui_lang(), by_area=False) if cycle.follow_up_survey_id else None
    rows = [(p, problem_solving.assessment(p, compared)) for p in cycle.priorities]
    return render_template("cycles/priorities.html", group=g.group, cycle=cycle, form=form, rows=rows,
                           limit=engagement.settings_for(g.group).max_active_priorities,
                           can_work=can_work_in_group(current_user, g.group)), (400 if form.errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/priorities/<int:priority_id>", methods=["GET", "POST"])
@access.group(*VIEWERS)
def priority_detail(group_id: int, cycle_id: int, priority_id: int):
    cycle = cycle_or_404(cycle_id)
    priority = priority_or_404(cycle, priority_id)
    record_form = RecordForm(prefix="record", obj=priority if request.method == "GET" else None)
    action_form, status_form = ActionForm(prefix="action"), ActionStatusForm(prefix="status")
    decision_form = DecisionForm(prefix="close")
    _meeting_choices(decision_form)
    if request.method == "POST":
        _writable(cycle)
        step = request.form.get("step")
        target = url_for("cycles.priority_detail", group_id=group_id, cycle_id=cycle_id, priority_id=priority_id)
        try:
            if step == "record" and record_form.validate_on_submit():
                problem_solving.update_record(priority, scanning=record_form.scanning.data,
                                              analysis=record_form.analysis.data, impact=record_form.impact.data,
                                              displacement=record_form.displacement.data,
                                              displacement_notes=record_form.displacement_notes.data)
                flash(_("The problem-solving record is saved."), "success")
                return redirect(target)
            if step == "action" and action_form.validate_on_submit():
                problem_solving.add_action(priority, description=action_form.description.data,
                                           owner=action_form.owner.data, deadline=action_form.deadline.data)
                flash(_("Action added."), "success")
                return redirect(target + "#response")
            if step == "status" and status_form.validate_on_submit():
                action = db.session.get(PriorityAction, int_or_zero(status_form.action_id.data))
                if action is None or action.priority_id != priority.id:
                    abort(404)
                problem_solving.set_action_status(action, status_form.status.data)
                flash(_("Action status updated."), "success")
                return redirect(target + "#response")
            if step == "close" and decision_form.validate_on_submit():
                compared = comparison.compare(cycle, ui_lang(), by_area=False) if cycle.follow_up_survey_id else None
                problem_solving.close_priority(
                    priority, meeting_id=decision_form.meeting_id.data or None, method=decision_form.method.data,
                    user=current_user, votes_for=decision_form.votes_for.data,
                    votes_against=decision_form.votes_against.data, votes_abstain=decision_form.votes_abstain.data,
                    comparison=compared)
                flash(_("The priority is closed, as the group decided."), "success")
                return redirect(target)
            if step == "reopen":
                problem_solving.reopen_priority(priority, current_user)
                flash(_("The priority is open again."), "success")
                return redirect(target)
        except CycleError as error:
            form = {"record": record_form, "action": action_form, "status": status_form,
                    "close": decision_form}.get(step)
            show_error(form, error)
    compared = comparison.compare(cycle, ui_lang(), by_area=False) if cycle.follow_up_survey_id else None
    has_errors = any(f.errors for f in (record_form, action_form, status_form, decision_form))
    return render_template("cycles/priority.html", group=g.group, cycle=cycle, priority=priority,
                           result=problem_solving.assessment(priority, compared), record_form=record_form,
                           action_form=action_form, status_form=status_form, decision_form=decision_form,
                           action_labels=problem_solving.ACTION_LABELS,
                           displacement_labels=problem_solving.DISPLACEMENT_LABELS,
                           can_work=can_work_in_group(current_user, g.group)), (400 if has_errors else 200)


@bp.route("/groups/<int:group_id>/cycles/<int:cycle_id>/self-assessment", methods=["GET", "POST"])
@access.group(*VIEWERS)
def self_assessment_page(group_id: int, cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    can_answer = can_work_in_group(current_user, g.group) and cycle.is_open
    answered = self_assessment.has_answered(cycle, current_user)
    error = None
    if request.method == "POST":
        if not can_answer:
            abort(403)
        scores = {}
        for _area, code, _text in self_assessment.STATEMENTS:
            value = request.form.get(code, "")
            scores[code] = int(value) if value.isdecimal() else None  # "²" is a digit but no number
        try:
            self_assessment.submit(cycle, current_user, scores)
        except CycleError as refused:
            db.session.rollback()
            error = refused.message
        else:
            flash(_("Thank you: your answers are stored without your name."), "success")
            return redirect(url_for("cycles.self_assessment_page", group_id=group_id, cycle_id=cycle_id))
    return render_template("cycles/self_assessment.html", group=g.group, cycle=cycle, can_answer=can_answer,
                           answered=answered, error=error, statements=self_assessment.STATEMENTS,
                           areas=self_assessment.AREAS, roles=self_assessment.ROLES, scale=self_assessment.SCALE,
                           trend=self_assessment.trend(g.group), given=request.form,
                           role=self_assessment.role_of(current_user)), (400 if error else 200)
