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
from partnership.dates import format_day
from partnership.confirm import confirmation_page, confirmed, posted_values
from partnership.dbtypes import utcnow
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
    # Only meetings that have taken place: a list cannot be adopted at a meeting still to come.
    meetings = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at <= utcnow())
                                  .order_by(Meeting.starts_at.desc())).all()
    form.meeting_id.choices = [(0, _("Not at a meeting"))] + [
        (m.id, f"{format_day(m.starts_at)} · {m.title}") for m in meetings]
    return form


@bp.route("/groups/<int:group_id>/needs/<int:list_id>")
@access.group(*STAFF)
def needs_list(group_id: int, list_id: int):
    return _render_list(group_needs_list(list_id))


def _render_list(needs_list, *, typed: dict | None = None, error: NeedsError | None = None, status: int = 200,
                 adopt_form: AdoptForm | None = None):
    """The needs page; after a refused edit, with what was typed and the reason beside the need."""
    return render_template("assessments/needs.html", group=g.group, needs_list=needs_list,
                           form=adopt_form or _adopt_form(g.group),
                           need_form=NeedForm(formdata=None), can_work=can_work_in_group(current_user, g.group),
                           can_plan=can_plan_group(current_user, g.group), typed=typed or {}, error=error,
                           sources=needs.source_notes(needs_list)), status


def _typed_edits(needs_list) -> dict[int, tuple[str, str]]:
    return {need.id: (request.form.get(f"title-{need.id}", need.title),
                      request.form.get(f"description-{need.id}", need.description))
            for need in needs_list.needs if f"title-{need.id}" in request.form}


@bp.route("/groups/<int:group_id>/needs/<int:list_id>/edit", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def needs_edit(group_id: int, list_id: int):
    """The whole list is one form: saving, moving and removing all keep what was typed in every need."""
    needs_list = group_needs_list(list_id)
    typed = _typed_edits(needs_list)
    try:
        needs.edit_needs(needs_list, typed)
    except NeedsError as error:
        db.session.rollback()
        return _render_list(needs_list, typed=typed, error=error, status=400)
    back = url_for("assessments.needs_list", group_id=group_id, list_id=list_id)
    move, _sep, direction = request.form.get("move", "").partition(":")
    remove = request.form.get("remove", type=int)
    try:
        if move.isdecimal() and direction in ("up", "down"):
            need = _need(needs_list, int(move))
            needs.move_need(need, -1 if direction == "up" else 1)
            return redirect(f"{back}#need-{need.id}")
        if remove:
            need = _need(needs_list, remove)
            if not request.form.get("confirmed"):
                # Without JavaScript the edits are saved first, then the removal asks on its own page.
                return redirect(url_for("assessments.need_remove", group_id=group_id, list_id=list_id, need_id=need.id))
            needs.remove_need(need)
            flash(_("Need removed; the others moved up."), "success")
            return redirect(back)
    except NeedsError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(back)
    flash(_("Changes saved."), "success")
    return redirect(back)


@bp.route("/groups/<int:group_id>/needs/<int:list_id>/<int:need_id>/remove", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def need_remove(group_id: int, list_id: int, need_id: int):
    needs_list = group_needs_list(list_id)
    need = _need(needs_list, need_id)
    back = url_for("assessments.needs_list", group_id=group_id, list_id=list_id)
    if request.method == "GET":
        return confirmation_page(
            question=_("Remove need %(n)d, “%(title)s”, from the list?", n=need.rank, title=need.title),
            consequences=[_("The needs below it move up. Its figures stay in the survey results; to bring it back, "
                            "add it again by hand or draft a new list from the results.")],
            confirm_label=_("Yes, remove the need"), cancel_url=f"{back}#need-{need.id}")
    try:
        needs.remove_need(need)
    except NeedsError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Need removed; the others moved up."), "success")
    return redirect(back)


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
            return redirect(url_for("assessments.need_remove", group_id=group_id, list_id=list_id, need_id=need.id))
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
    values = dict(method=form.method.data, meeting_id=form.meeting_id.data or None, votes_for=form.votes_for.data,
                  votes_against=form.votes_against.data, votes_abstain=form.votes_abstain.data)
    refusal = None
    if form.validate_on_submit():
        try:
            needs.check_adoption(needs_list, **values)
        except NeedsError as error:
            db.session.rollback()
            refusal = error
    if form.validate_on_submit() and refusal is None and not confirmed():
        # Adopting cannot be undone: say so once (the dialog, or this page without JavaScript).
        return confirmation_page(
            question=_("Adopt this list of %(count)d needs as a decision of the group?", count=len(needs_list.needs)),
            consequences=[_("The list is recorded as a decision and can no longer change; Step 3 builds on it. "
                            "To change it later, draft a new list from the results.")],
            confirm_label=_("Yes, adopt the list"), danger=False,
            cancel_url=url_for("assessments.needs_list", group_id=group_id, list_id=list_id) + "#adopt",
            hidden=posted_values("method", "meeting_id", "votes_for", "votes_against", "votes_abstain"))
    if form.validate_on_submit():
        try:
            if refusal is not None:
                raise refusal
            needs.adopt(needs_list, user=current_user, **values)
        except NeedsError as error:
            db.session.rollback()
            field = form[error.field] if error.field and error.field in form else None
            if field is not None:
                field.errors = [*field.errors, str(error)]
            else:
                form.form_errors.append(str(error))
        else:
            flash(_("The needs list is adopted and recorded as a decision of the group. Step 2 is complete."), "success")
            return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=list_id))
    # Refused: the page again, with what was entered and the reason beside the field.
    return _render_list(needs_list, adopt_form=form, status=400)
