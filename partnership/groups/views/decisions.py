"""Decisions: the register of what the group decided and how."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from partnership import access
from partnership.auth.roles import Role
from partnership.dates import format_day
from partnership.groups import bp
from partnership.groups import decisions as decision_cases
from partnership.groups.forms import DecisionForm
from partnership.groups.errors import GroupError
from partnership.groups.meetings import upcoming_and_past
from partnership.groups.permissions import can_work_in_group
from partnership.groups.views import show_error


@bp.route("/<int:group_id>/decisions")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def decisions(group_id: int):
    return render_template("groups/decisions.html", group=g.group, decisions=decision_cases.group_decisions(g.group),
                           outcome=decision_cases.outcome, can_work=can_work_in_group(current_user, g.group))


@bp.route("/<int:group_id>/decisions/new", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def decision_new(group_id: int):
    form = DecisionForm()
    _upcoming, past = upcoming_and_past(g.group)
    form.meeting_id.choices = [(0, _("Not taken at a meeting"))] + [
        (m.id, f"{format_day(m.starts_at)} · {m.title}") for m in past]
    if request.method == "GET":
        wanted = request.args.get("meeting_id", type=int)
        form.meeting_id.data = wanted if any(m.id == wanted for m in past) else 0
    if form.validate_on_submit():
        try:
            decision = decision_cases.record(
                g.group, title=form.title.data, text=form.text.data, method=form.method.data,
                votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                votes_abstain=form.votes_abstain.data, meeting_id=form.meeting_id.data or None,
                recorded_by=current_user)
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The decision “%(title)s” is recorded.", title=decision.title), "success")
            if decision.meeting_id:
                return redirect(url_for("groups.meeting", group_id=g.group.id, meeting_id=decision.meeting_id) + "#decisions")
            return redirect(url_for("groups.decisions", group_id=g.group.id))
    return render_template("groups/decision_form.html", group=g.group, form=form), (400 if form.errors else 200)
