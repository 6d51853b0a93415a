"""User administration pages (administrators only)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from partnership import access
from partnership.admin import bp, users
from partnership.admin.forms import ChangeRoleForm, InviteUserForm
from partnership.auth.accounts import AccountError
from partnership.auth.models import User
from partnership.auth.roles import Role
from partnership.confirm import confirmation_page
from partnership.extensions import db
from partnership.neighbourhoods.models import Municipality


def _municipality_choices():
    rows = db.session.scalars(select(Municipality).order_by(Municipality.name)).all()
    return [(0, "—")] + [(m.id, m.name) for m in rows]


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users", methods=["GET", "POST"])
@access.roles(Role.ADMIN)
def user_list():
    form = InviteUserForm()
    form.municipality_id.choices = _municipality_choices()
    invitation = None
    if form.validate_on_submit():
        try:
            user, token = users.invite_user(
                email=form.email.data, name=form.name.data, role=form.role.data,
                organisation_name=form.organisation_name.data, municipality_id=form.municipality_id.data,
                invited_by=current_user,
            )
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            link = url_for("auth.accept_invitation", token=token, _external=True)
            emailed = users.send_invitation(user, link)
            invitation = (user, link, emailed)
            if emailed:
                flash(_("Account created. We emailed the invitation link to %(email)s.", email=user.email), "success")
            else:
                flash(_("Account created. Send the invitation link below to %(email)s.", email=user.email), "success")
            form = InviteUserForm(formdata=None)
            form.municipality_id.choices = _municipality_choices()
    all_users = db.session.scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", form=form, users=all_users, invitation=invitation), (
        400 if form.errors else 200
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access.roles(Role.ADMIN)
def user_detail(user_id: int):
    user = _get_user(user_id)
    form = ChangeRoleForm(obj=user)
    form.municipality_id.choices = _municipality_choices()
    if form.validate_on_submit():
        try:
            users.change_role(user, role=form.role.data, municipality_id=form.municipality_id.data,
                              changed_by=current_user)
        except AccountError as error:
            db.session.rollback()
            form.role.errors.append(str(error))
        else:
            flash(_("The role of %(email)s is now %(role)s.", email=user.email, role=Role(user.role).label), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_detail.html", user=user, form=form), (400 if form.errors else 200)


@bp.route("/users/<int:user_id>/active", methods=["GET", "POST"])
@access.roles(Role.ADMIN)
def toggle_active(user_id: int):
    user = _get_user(user_id)
    if request.method == "GET":
        back = url_for("admin.user_detail", user_id=user.id)
        if not user.active:
            return confirmation_page(question=_("Enable the account of %(email)s?", email=user.email),
                                     confirm_label=_("Enable account"), cancel_url=back, danger=False)
        return confirmation_page(
            question=_("Disable the account of %(email)s?", email=user.email),
            consequences=[_("They can no longer sign in, and their API tokens stop working. "
                            "Their past actions stay on record. You can enable the account again later.")],
            confirm_label=_("Yes, disable the account"), cancel_url=back)
    try:
        users.set_active(user, not user.active, changed_by=current_user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Account enabled.") if user.active else _("Account disabled; it can no longer sign in."), "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@access.roles(Role.ADMIN)
def end_sessions(user_id: int):
    user = _get_user(user_id)
    ended = users.end_sessions(user, ended_by=current_user)
    flash(ngettext("%(num)d session signed out.", "%(num)d sessions signed out.", ended), "info")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@access.roles(Role.ADMIN)
def reissue_invitation(user_id: int):
    user = _get_user(user_id)
    token = users.reissue_invitation(user, issued_by=current_user)
    link = url_for("auth.accept_invitation", token=token, _external=True)
    emailed = users.send_invitation(user, link)
    return render_template("admin/invitation.html", user=user, link=link, emailed=emailed)
