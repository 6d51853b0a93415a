"""Account use cases shared by views, the CLI and tests."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnership.audit import log_event
from partnership.auth import passwords, sessions, throttle
from partnership.auth.models import ApiToken, User, hash_token
from partnership.auth.roles import Role
from partnership.dbtypes import utcnow
from partnership.extensions import db


class AccountError(ValueError):
    """A use case refused its input; the message is meant for the user."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, *, role: Role | str, name: str = "", password: str | None = None,
                municipality_id: int | None = None, organisation_name: str | None = None) -> User:
    """Create an account; without a password it waits for its invitation to be accepted."""
    email = normalise_email(email)
    if str(role) not in {str(r) for r in Role}:
        raise AccountError(_l("Unknown role %(role)s; choose one of: %(roles)s.", role=str(role),
                              roles=", ".join(r.value for r in Role)))
    if find_user(email) is not None:
        raise AccountError(_l("An account for %(email)s already exists.", email=email))
    user = User(email=email, name=name or email.split("@")[0], role=str(role),
                municipality_id=municipality_id, organisation_name=organisation_name)
    if password:
        user.set_password(password)
    db.session.add(user)
    return user


class TooManyAttempts(Exception):
    """The account or the client address failed too often; try again later."""


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, recording success and failure in the audit log.

    The password is always checked against a hash (a dummy one for unknown emails), so known and
    unknown emails take the same time. Failures are counted per account and address
    (`throttle`); successes are not.
    """
    if throttle.is_blocked("sign_in", email):
        log_event("auth.sign_in_blocked", actor=None, target=normalise_email(email)[:200])
        db.session.commit()
        raise TooManyAttempts()
    user = find_user(email)
    password_ok = passwords.verify(user.password_hash if user is not None else None, password)
    if user is None or not user.active or not password_ok:
        log_event("auth.sign_in_failed", actor=None, target=normalise_email(email)[:200],
                  details={"reason": "disabled" if user is not None and not user.active else "bad_credentials"})
        throttle.record_failure("sign_in", email)
        db.session.commit()
        return None
    user.last_login_at = utcnow()
    throttle.clear_account("sign_in", email)
    log_event("auth.sign_in", actor=user, target=user.email)
    db.session.commit()
    return user


def _older_than(moment, delta: timedelta) -> bool:
    return moment is None or utcnow() - moment > delta


def user_for_invitation(token: str) -> User | None:
    """The account waiting for this invitation, expired or not (see `invitation_expired`)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(User).where(User.invitation_token_hash == hash_token(token)))


def invitation_expired(user: User) -> bool:
    return _older_than(user.invited_at, timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"]))


def accept_invitation(user: User, password: str) -> None:
    user.set_password(password)
    user.invitation_token_hash = None
    log_event("auth.invitation_accepted", actor=user, target=user.email)
    db.session.commit()


def request_password_reset(email: str) -> tuple[User, str] | None:
    """A fresh reset token for the active, signed-up account with this email, or None.

    The caller answers the same way either way. Requests are limited per account, so nobody
    can flood a mailbox; an unknown email is counted too, so the limit tells nothing.
    """
    if throttle.is_blocked("reset", email):
        return None
    throttle.record_failure("reset", email)  # every request counts towards the hourly cap
    user = find_user(email)
    if user is None or not user.active or not user.password_hash:
        db.session.commit()
        return None
    token = user.new_password_reset()
    log_event("auth.password_reset_requested", actor=None, target=user.email)
    db.session.commit()
    return user, token


def user_for_reset(token: str) -> User | None:
    """The active user this unexpired, unused reset token belongs to."""
    if not token or len(token) > 200:
        return None
    user = db.session.scalar(select(User).where(User.reset_token_hash == hash_token(token)))
    max_age = timedelta(minutes=current_app.config["PASSWORD_RESET_MAX_AGE_MINUTES"])
    if user is None or not user.active or _older_than(user.reset_requested_at, max_age):
        return None
    return user


def reset_password(user: User, password: str) -> int:
    """Set the new password, spend the token, and end every session of the account."""
    user.set_password(password)
    user.reset_token_hash = None
    user.reset_requested_at = None
    ended = sessions.end_all(user)
    log_event("auth.password_reset", actor=user, target=user.email, details={"sessions_ended": ended})
    db.session.commit()
    return ended


def change_password(user: User, password: str) -> int:
    """Set a new password and end the user's other sessions (a thief's copy of a cookie included)."""
    user.set_password(password)
    ended = sessions.end_all(user, keep_current=True)
    log_event("auth.password_changed", actor=user, target=user.email, details={"sessions_ended": ended})
    db.session.commit()
    return ended


def sign_out_everywhere(user: User) -> int:
    ended = sessions.end_all(user)
    log_event("auth.signed_out_everywhere", actor=user, target=user.email, details={"sessions_ended": ended})
    db.session.commit()
    return ended


def issue_api_token(user: User, label: str) -> str:
    """Create a token and return its secret, which is never shown again."""
    token, secret = ApiToken.issue(user, label)
    db.session.add(token)
    log_event("api.token_issued", actor=user, target=label)
    db.session.commit()
    return secret
