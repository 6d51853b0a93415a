"""Sign-in and account pages."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from partnership import access
from partnership.audit import log_event
from partnership.auth import accounts, bp
from partnership.auth.forms import ApiTokenForm, ChangePasswordForm, LoginForm, SetPasswordForm
from partnership.auth.models import ApiToken
from partnership.confirm import confirmation_page
from partnership.extensions import db, limiter
from partnership.main import safe_next


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@access.public
@limiter.limit(_login_limit, methods=["POST"], error_message="too many sign-in attempts")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
        form.password.errors.append(_("That email and password do not match an active account."))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@access.login
def logout():
    log_event("auth.sign_out", target=current_user.email)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.public
@limiter.limit(_login_limit, methods=["POST"])
def accept_invitation(token: str):
    user = accounts.user_for_invitation(token)
    if user is None:
        abort(404)
    form = SetPasswordForm()
    form.email_value = user.email
    if form.validate_on_submit():
        accounts.accept_invitation(user, form.password.data)
        login_user(user)
        flash(_("Welcome, %(name)s. Your password is set.", name=user.name), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invited=user), (400 if form.errors else 200)


@bp.route("/account", methods=["GET", "POST"])
@access.login
def account():
    form = ChangePasswordForm()
    form.email_value = current_user.email
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Your current password is not correct."))
        else:
            current_user.set_password(form.password.data)
            log_event("auth.password_changed", target=current_user.email)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id, ApiToken.revoked.is_(False))
    ).all()
    return render_template("auth/account.html", form=form, token_form=ApiTokenForm(prefix="token"),
                           tokens=tokens), (400 if form.errors else 200)


@bp.route("/account/tokens", methods=["POST"])
@access.login
def create_token():
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        flash(_("Give the token a short description."), "error")
        return redirect(url_for("auth.account"))
    secret = accounts.issue_api_token(current_user, form.label.data)
    return render_template("auth/token_created.html", secret=secret, label=form.label.data)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@access.login
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if request.method == "GET":
        return confirmation_page(
            question=_("Revoke the token “%(label)s”?", label=token.label),
            consequences=[_("Tools that use it can no longer read the API. This cannot be undone; you can create a new token.")],
            confirm_label=_("Yes, revoke the token"), cancel_url=url_for("auth.account"))
    token.revoked = True
    log_event("api.token_revoked", target=token.label)
    db.session.commit()
    flash(_("The token no longer works."), "info")
    return redirect(url_for("auth.account"))
