"""User accounts."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import generate_password_hash

from partnership.auth import passwords
from partnership.auth.roles import Role
from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


def hash_token(token: str) -> str:
    """One-way hash for invitation and API tokens, so a leaked table grants nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'planner', 'reviewer', 'partner')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation_name: Mapped[str | None] = mapped_column(String(160))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    invitation_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Password reset by email: only the hash of the single-use token is kept.
    reset_token_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    reset_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality = relationship("Municipality")

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sessions of disabled users
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=passwords.hash_method())

    def check_password(self, password: str) -> bool:
        return passwords.verify(self.password_hash, password)

    def new_invitation(self) -> str:
        """Issue a fresh invitation token; only its hash is kept."""
        token = secrets.token_urlsafe(24)
        self.invitation_token_hash = hash_token(token)
        self.invited_at = utcnow()
        return token

    def new_password_reset(self) -> str:
        """Issue a fresh single-use reset token (replacing any earlier one); only its hash is kept."""
        token = secrets.token_urlsafe(24)
        self.reset_token_hash = hash_token(token)
        self.reset_requested_at = utcnow()
        return token


class UserSession(db.Model):
    """A signed-in browser, so that signing out ends the session on the server and not only in the cookie.

    The cookie carries a random token; only its hash is stored. Removing the row ends the session
    in every worker at once, since the state lives in the database.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class AuthFailure(db.Model):
    """A failed sign-in (or other guarded attempt), counted per account and per client address.

    Counting in the database makes the limit hold across all workers and hosts; the account is
    stored as a hash of the normalised email so the table holds no readable address.
    """

    __tablename__ = "auth_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    account_hash: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ApiToken(db.Model):
    """A bearer token for the JSON API; the secret is shown once and stored hashed."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()

    @classmethod
    def issue(cls, user: User, label: str) -> tuple["ApiToken", str]:
        secret = "sn_" + secrets.token_urlsafe(32)
        return cls(user=user, label=label, token_hash=hash_token(secret)), secret
