"""Sign-in and account pages."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from partnership import access
from partnership.audit import log_event
from partnership.auth import accounts, bp, mail, sessions
from partnership.auth.forms import ApiTokenForm, ChangePasswordForm, LoginForm, ResetRequestForm, SetPasswordForm
from partnership.auth.models import ApiToken
from partnership.confirm import confirmation_page
from partnership.extensions import db, limiter
from partnership.main import safe_next


def _token_limit() -> str:
    # Tokens are unguessable (192 bits); this only caps scripted hammering, per worker storage
    # unless RATELIMIT_STORAGE_URI names a shared one.
    return current_app.config["LOGIN_RATE_LIMIT"]


def _fresh_session() -> None:
    """Empty the cookie session at a change of identity, keeping only the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def sign_in(user) -> None:
    """Start a server-side session for `user` in this browser (see `sessions`)."""
    _fresh_session()  # no state from before the sign-in survives it
    login_user(user)
    sessions.start(user)


@bp.route("/login", methods=["GET", "POST"])
@access.public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.TooManyAttempts:
            abort(429)
        if user is not None:
            sign_in(user)
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
        form.password.errors.append(_("That email and password do not match an active account."))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
@access.login
def logout():
    log_event("auth.sign_out", target=current_user.email)
    sessions.end_current()
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/logout/everywhere", methods=["POST"])
@access.login
def logout_everywhere():
    accounts.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    _fresh_session()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("main.index"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@access.public
@limiter.limit(_token_limit, methods=["POST"])
def accept_invitation(token: str):
    user = accounts.user_for_invitation(token)
    if user is None:
        abort(404)
    if accounts.invitation_expired(user):
        days = current_app.config["INVITATION_MAX_AGE_DAYS"]
        return render_template("auth/link_expired.html", title=_("This invitation has expired"), text=_(
            "Invitation links work for %(days)d days. Ask an administrator to send you a new one.", days=days)), 410
    form = SetPasswordForm()
    form.email_value, form.name_value = user.email, user.name
    if form.validate_on_submit():
        accounts.accept_invitation(user, form.password.data)
        sign_in(user)
        flash(_("Welcome, %(name)s. Your password is set.", name=user.name), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invited=user), (400 if form.errors else 200)


@bp.route("/account", methods=["GET", "POST"])
@access.login
def account():
    form = ChangePasswordForm()
    form.email_value, form.name_value = current_user.email, current_user.name
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Your current password is not correct."))
        else:
            ended = accounts.change_password(current_user._get_current_object(), form.password.data)
            flash(_("Your password has been changed.") + (" " + _("Your other sessions were signed out.") if ended else ""),
                  "success")
            return redirect(url_for("auth.account"))
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id, ApiToken.revoked.is_(False))
    ).all()
    return render_template("auth/account.html", form=form, token_form=ApiTokenForm(prefix="token"),
                           tokens=tokens, session_count=sessions.count_for(current_user)), (400 if form.errors else 200)


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


@bp.route("/reset", methods=["GET", "POST"])
@access.public
@limiter.limit(_token_limit, methods=["POST"])
def request_reset():
    """Ask for a password-reset link. The answer is the same whether or not the email has an account."""
    if not mail.is_configured():
        return render_template("auth/reset_request.html", form=None)
    form = ResetRequestForm()
    if form.validate_on_submit():
        issued = accounts.request_password_reset(form.email.data)
        if issued is not None:
            user, token = issued
            link = url_for("auth.reset_password", token=token, _external=True)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE_MINUTES"]
            mail.send(user.email, _("Reset your Safer Neighbourhoods password"), _(
                "Hello %(name)s,\n\nTo choose a new password, open this link within %(minutes)d minutes:\n\n%(link)s\n\n"
                "If you did not ask for this, ignore this message; your password stays as it is.",
                name=user.name, minutes=minutes, link=link), background=True)
        flash(_("If an active account uses that address, we have sent it a link to choose a new password. "
                "Check your inbox in a few minutes."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), (400 if form.errors else 200)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@access.public
@limiter.limit(_token_limit, methods=["POST"])
def reset_password(token: str):
    user = accounts.user_for_reset(token)
    if user is None:
        return render_template("auth/link_expired.html", title=_("This link no longer works"), text=_(
            "Password-reset links work once and only for a short time. Ask for a new one from the sign-in page.")), 410
    form = SetPasswordForm()
    form.email_value, form.name_value = user.email, user.name
    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data)
        flash(_("Your password is changed and every earlier session is signed out. Sign in with the new password."),
              "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), (400 if form.errors else 200)
