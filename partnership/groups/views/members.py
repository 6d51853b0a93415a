"""Member organisations: the list, invitations and their answers, mandates, leaving."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.auth.roles import Role
from partnership.confirm import confirmation_page
from partnership.groups import bp, membership
from partnership.groups.errors import GroupError
from partnership.groups.forms import InviteOrganisationForm, MandateForm
from partnership.groups.models import MembershipStatus
from partnership.groups.permissions import can_plan_group, can_view_invitation, can_work_in_group, is_planner_of
from partnership.groups.views import organisation_or_404, show_error


@bp.route("/<int:group_id>/members")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def members(group_id: int):
    group = g.group
    by_status = {status: [o for o in group.organisations if o.status == status] for status in MembershipStatus}
    return render_template("groups/members.html", group=group, active=by_status[MembershipStatus.ACTIVE],
                           invited=by_status[MembershipStatus.INVITED],
                           former=by_status[MembershipStatus.LEFT] + by_status[MembershipStatus.DECLINED],
                           can_plan=can_plan_group(current_user, group), action_form=FlaskForm())


@bp.route("/<int:group_id>/members/invite", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def invite(group_id: int):
    form = InviteOrganisationForm()
    if form.validate_on_submit():
        try:
            org = membership.invite_organisation(
                g.group, name=form.name.data, stakeholder_type=form.stakeholder_type.data,
                representative_email=form.representative_email.data, mandate=form.mandate.data,
                invited_by=current_user)
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("%(name)s is invited. %(person)s will see the invitation after signing in.",
                    name=org.name, person=org.representative.name), "success")
            return redirect(url_for("groups.members", group_id=g.group.id))
    return render_template("groups/invite.html", group=g.group, form=form), (400 if form.errors else 200)


@bp.route("/<int:group_id>/members/<int:organisation_id>/accept", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_view_invitation, description="the invited representative")
def accept(group_id: int, organisation_id: int):
    org = organisation_or_404(organisation_id)
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("groups.invitation", group_id=g.group.id))
    try:
        membership.accept_invitation(org, current_user)
    except GroupError as error:
        flash(error.message, "error")
        return redirect(url_for("groups.detail", group_id=g.group.id))
    flash(_("Welcome: %(name)s is now a member of %(group)s. Next, read and sign the charter.",
            name=org.name, group=g.group.name), "success")
    return redirect(url_for("groups.detail", group_id=g.group.id))


@bp.route("/<int:group_id>/members/<int:organisation_id>/decline", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_view_invitation, description="the invited representative")
def decline(group_id: int, organisation_id: int):
    org = organisation_or_404(organisation_id)
    if request.method == "GET":
        return confirmation_page(
            question=_("Decline the invitation for %(name)s?", name=org.name),
            consequences=[_("%(name)s will not take part in %(group)s. To join later, the planning team has to invite it again.",
                            name=org.name, group=g.group.name)],
            confirm_label=_("Yes, decline"), cancel_url=url_for("groups.invitation", group_id=g.group.id))
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("groups.invitation", group_id=g.group.id))
    try:
        membership.decline_invitation(org, current_user)
    except GroupError as error:
        flash(error.message, "error")
        return redirect(url_for("groups.invitation", group_id=g.group.id))
    flash(_("You declined the invitation for %(name)s. The planning team sees your answer on the members page.", name=org.name), "success")
    return redirect(url_for("main.dashboard"))


@bp.route("/<int:group_id>/members/<int:organisation_id>/withdraw", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def withdraw(group_id: int, organisation_id: int):
    org = organisation_or_404(organisation_id)
    if request.method == "GET":
        return confirmation_page(
            question=_("Withdraw the invitation of %(name)s?", name=org.name),
            consequences=[_("Its representative can no longer accept it. To ask %(name)s again, send a new invitation.",
                            name=org.name)],
            confirm_label=_("Yes, withdraw the invitation"), cancel_url=url_for("groups.members", group_id=g.group.id),
            layout="groups/_layout.html", group=g.group)
    if FlaskForm().validate_on_submit():
        try:
            membership.withdraw_invitation(org, current_user)
        except GroupError as error:
            flash(error.message, "error")
        else:
            flash(_("The invitation of %(name)s is withdrawn.", name=org.name), "success")
    return redirect(url_for("groups.members", group_id=g.group.id))


def _may_speak_for(org) -> bool:
    return org.representative_id == current_user.id or is_planner_of(current_user, g.group)


@bp.route("/<int:group_id>/members/<int:organisation_id>/mandate", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def mandate(group_id: int, organisation_id: int):
    org = organisation_or_404(organisation_id)
    if not _may_speak_for(org):
        flash(_("Only the representative of %(name)s or the planning team can change its mandate.", name=org.name), "error")
        return redirect(url_for("groups.members", group_id=g.group.id))
    form = MandateForm(obj=org)
    if form.validate_on_submit():
        try:
            membership.update_mandate(org, form.mandate.data, current_user)
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The mandate of %(name)s is saved.", name=org.name), "success")
            return redirect(url_for("groups.members", group_id=g.group.id))
    return render_template("groups/mandate.html", group=g.group, org=org, form=form), (400 if form.errors else 200)


@bp.route("/<int:group_id>/members/<int:organisation_id>/leave", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def leave(group_id: int, organisation_id: int):
    org = organisation_or_404(organisation_id)
    if not _may_speak_for(org) or org.status != MembershipStatus.ACTIVE:
        flash(_("Only the representative of %(name)s or the planning team can end its membership.", name=org.name), "error")
        return redirect(url_for("groups.members", group_id=g.group.id))
    form = FlaskForm()
    if form.validate_on_submit():
        own = org.representative_id == current_user.id
        try:
            membership.leave_group(org, current_user)
        except GroupError as error:
            flash(error.message, "error")
            return redirect(url_for("groups.members", group_id=g.group.id))
        flash(_("%(name)s has left %(group)s. Its past attendance, sign-offs and decisions stay on record.",
                name=org.name, group=g.group.name), "success")
        # A representative who left has no more access to the group.
        if own and not can_work_in_group(current_user, g.group):
            return redirect(url_for("main.dashboard"))
        return redirect(url_for("groups.members", group_id=g.group.id))
    return render_template("groups/leave.html", group=g.group, org=org, form=form,
                           own=org.representative_id == current_user.id)
