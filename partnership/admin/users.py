"""User administration use cases."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from partnership.audit import log_event
from partnership.auth import mail, sessions
from partnership.auth.accounts import AccountError, create_user
from partnership.auth.models import User
from partnership.auth.roles import Role
from partnership.extensions import db


def invite_user(*, email: str, name: str, role: str, organisation_name: str | None,
                municipality_id: int | None, invited_by: User) -> tuple[User, str]:
    """Create an account waiting for its invitation; return it and the one-time token."""
    if role == Role.REVIEWER and not municipality_id:
        raise AccountError(_l("A municipality reviewer needs a municipality."))
    user = create_user(email, role=role, name=name, municipality_id=municipality_id or None,
                       organisation_name=organisation_name or None)
    token = user.new_invitation()
    db.session.flush()
    log_event("admin.user_invited", actor=invited_by, target=user.email, details={"role": role})
    db.session.commit()
    return user, token


def change_role(user: User, *, role: str, municipality_id: int | None, changed_by: User) -> None:
    if user.id == changed_by.id and role != Role.ADMIN:
        raise AccountError(_l("You cannot remove your own administrator role; ask another administrator."))
    if role == Role.REVIEWER and not municipality_id:
        raise AccountError(_l("A municipality reviewer needs a municipality."))
    old = user.role
    user.role = role
    user.municipality_id = municipality_id or None
    log_event("admin.role_changed", actor=changed_by, target=user.email, details={"from": old, "to": role})
    db.session.commit()


def set_active(user: User, active: bool, *, changed_by: User) -> None:
    if user.id == changed_by.id and not active:
        raise AccountError(_l("You cannot disable your own account."))
    user.active = active
    details = {}
    if not active:
        # A disabled account must lose its open sessions at once, in every worker.
        details["sessions_ended"] = sessions.end_all(user)
    log_event("admin.user_enabled" if active else "admin.user_disabled", actor=changed_by, target=user.email,
              details=details)
    db.session.commit()


def end_sessions(user: User, *, ended_by: User) -> int:
    """Sign a user out on every device (a lost phone, a shared computer)."""
    ended = sessions.end_all(user)
    log_event("admin.sessions_revoked", actor=ended_by, target=user.email, details={"sessions_ended": ended})
    db.session.commit()
    return ended


def reissue_invitation(user: User, *, issued_by: User) -> str:
    token = user.new_invitation()
    log_event("admin.invitation_reissued", actor=issued_by, target=user.email)
    db.session.commit()
    return token


def send_invitation(user: User, link: str) -> bool:
    """Email the invitation link when SMTP is configured; False means the admin must pass it on."""
    from flask import current_app
    from flask_babel import gettext as _

    days = current_app.config["INVITATION_MAX_AGE_DAYS"]
    sent = mail.send(user.email, _("Your Safer Neighbourhoods account"), _(
        "Hello %(name)s,\n\nAn administrator has created an account for you. To choose your password, open this "
        "link within %(days)d days:\n\n%(link)s\n\nIf you did not expect this, ignore this message.",
        name=user.name, days=days, link=link))
    if sent:
        log_event("admin.invitation_emailed", target=user.email)
        db.session.commit()
    return sent
