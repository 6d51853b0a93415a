"""Account use cases shared by views, the CLI and tests."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnership.audit import log_event
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


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, recording success and failure in the audit log."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        log_event("auth.sign_in_failed", actor=None, target=normalise_email(email)[:200],
                  details={"reason": "disabled" if user is not None and not user.active else "bad_credentials"})
        db.session.commit()
        return None
    user.last_login_at = utcnow()
    log_event("auth.sign_in", actor=user, target=user.email)
    db.session.commit()
    return user


def user_for_invitation(token: str) -> User | None:
    if not token:
        return None
    return db.session.scalar(select(User).where(User.invitation_token_hash == hash_token(token)))


def accept_invitation(user: User, password: str) -> None:
    user.set_password(password)
    user.invitation_token_hash = None
    log_event("auth.invitation_accepted", actor=user, target=user.email)
    db.session.commit()


def issue_api_token(user: User, label: str) -> str:
    """Create a token and return its secret, which is never shown again."""
    token, secret = ApiToken.issue(user, label)
    db.session.add(token)
    log_event("api.token_issued", actor=user, target=label)
    db.session.commit()
    return secret
