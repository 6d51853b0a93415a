"""Server-side sessions: a signed cookie alone no longer proves a sign-in.

Flask's cookie session stays (stateless workers), but it now carries a random session token
whose hash must match a live `UserSession` row. Signing out deletes the row, so a copied cookie
stops working; a password change, an administrator's disable or "sign out everywhere" deletes
the user's other rows.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, has_request_context, request, session
from sqlalchemy import delete, func, select

from partnership.auth.models import User, UserSession, hash_token
from partnership.dbtypes import utcnow
from partnership.extensions import db

SESSION_KEY = "sid"
# Writing last_seen_at on every request would turn every page view into a write.
TOUCH_INTERVAL = timedelta(minutes=5)


def _idle_limit() -> timedelta:
    return timedelta(hours=current_app.config.get("SESSION_IDLE_HOURS", 12))


def start(user: User) -> str:
    """Record a new signed-in browser for `user` and put its token in the cookie session."""
    token = secrets.token_urlsafe(32)
    agent = request.headers.get("User-Agent", "")[:200] if has_request_context() else ""
    db.session.add(UserSession(user_id=user.id, token_hash=hash_token(token), user_agent=agent))
    _purge_idle(user.id)
    db.session.commit()
    if has_request_context():
        session[SESSION_KEY] = token
    return token


def current_token_hash() -> str | None:
    token = session.get(SESSION_KEY) if has_request_context() else None
    return hash_token(token) if isinstance(token, str) and token else None


def load(user_id: str) -> User | None:
    """The user of this request's session, if the session is still live on the server."""
    token_hash = current_token_hash()
    if token_hash is None or not str(user_id).isdigit():
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash))
    if row is None or str(row.user_id) != str(user_id):
        return None
    now = utcnow()
    if now - row.last_seen_at > _idle_limit():
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    return row.user


def end_current() -> None:
    """Delete this browser's session row (sign-out)."""
    token_hash = current_token_hash()
    if token_hash is not None:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash))
    session.pop(SESSION_KEY, None)


def end_all(user: User, *, keep_current: bool = False) -> int:
    """Delete every session of `user` (optionally all but this browser's); return how many ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    token_hash = current_token_hash() if keep_current else None
    if token_hash is not None:
        stmt = stmt.where(UserSession.token_hash != token_hash)
    return db.session.execute(stmt).rowcount or 0


def count_for(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)) or 0


def purge_idle() -> int:
    """Delete every sign-in session idle past the limit (`flask purge`); return how many."""
    cutoff = utcnow() - _idle_limit()
    return db.session.execute(delete(UserSession).where(UserSession.last_seen_at < cutoff)).rowcount or 0


def _purge_idle(user_id: int) -> None:
    cutoff = utcnow() - _idle_limit()
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id, UserSession.last_seen_at < cutoff))
