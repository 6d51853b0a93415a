"""Needs-list pages: draft from results, review and edit, adopt as a decision."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessments import bp, needs
from assessments.forms import AdoptForm, NeedForm
from assessments.models import Need
from assessments.needs import NeedsError
from assessments.views import group_needs_list, group_survey, ui_lang
from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.models import Meeting
from partnership.groups.permissions import can_plan_group, can_work_in_group

STAFF = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/needs", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def needs_draft(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    needs_list = needs.draft_list(g.group, survey, ui_lang(survey))
    if not needs_list.needs:
        flash(_("The results do not yet point to any need (too few answers, or no bank items that measure needs). "
                "You can add needs by hand."), "info")
    else:
        flash(_("A draft needs list was made from the results. Review it with the group, then adopt it."), "success")
    return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=needs_list.id))


def _adopt_form(group) -> AdoptForm:
    form = AdoptForm()
    meetings = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at.desc())).all()
    form.meeting_id.choices = [(0, _("Not at a meeting"))] + [(m.id, f"{m.title} ({m.starts_at:%Y-%m-%d})") for m in meetings]
    return form


@bp.route("/groups/<int:group_id>/needs/<int:list_id>")
@access.group(*STAFF)
def needs_list(group_id: int, list_id: int):
    needs_list = group_needs_list(list_id)
    return render_template("assessments/needs.html", group=g.group, needs_list=needs_list, form=_adopt_form(g.group),
                           need_form=NeedForm(formdata=None), can_work=can_work_in_group(current_user, g.group),
                           can_plan=can_plan_group(current_user, g.group))


def _need(needs_list, need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None or need.needs_list_id != needs_list.id:
        abort(404)
    return need


@bp.route("/groups/<int:group_id>/needs/<int:list_id>/add", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def need_add(group_id: int, list_id: int):
    needs_list = group_needs_list(list_id)
    try:
        needs.add_need(needs_list, title=request.form.get("title", ""), description=request.form.get("description", ""))
    except NeedsError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=list_id))


@bp.route("/groups/<int:group_id>/needs/<int:list_id>/<int:need_id>", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def need_change(group_id: int, list_id: int, need_id: int):
    """Edit, move or remove one need of a draft list."""
    needs_list = group_needs_list(list_id)
    need = _need(needs_list, need_id)
    action = request.form.get("action")
    try:
        if action == "up":
            needs.move_need(need, -1)
        elif action == "down":
            needs.move_need(need, 1)
        elif action == "remove":
            needs.remove_need(need)
        else:
            needs.edit_need(need, title=request.form.get("title", ""), description=request.form.get("description", ""))
    except NeedsError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=list_id) + f"#need-{need_id}")


@bp.route("/groups/<int:group_id>/needs/<int:list_id>/adopt", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def needs_adopt(group_id: int, list_id: int):
    needs_list = group_needs_list(list_id)
    form = _adopt_form(g.group)
    if not form.validate_on_submit():
        flash(_("Please check the decision details."), "error")
        return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=list_id))
    try:
        needs.adopt(needs_list, method=form.method.data, user=current_user, meeting_id=form.meeting_id.data or None,
                    votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                    votes_abstain=form.votes_abstain.data)
    except NeedsError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("The needs list is adopted and recorded as a decision of the group. Step 2 is complete."), "success")
    return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=list_id))
