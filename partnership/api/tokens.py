"""Bearer-token authentication for the API."""
from __future__ import annotations

from flask import request
from flask_login import current_user
from sqlalchemy import select

from partnership.auth.models import ApiToken, User, hash_token
from partnership.dbtypes import utcnow
from partnership.extensions import db


def user_from_request() -> User | None:
    """The active user behind the request's bearer token, or the signed-in browser session."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        secret = header[7:].strip()
        token = db.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked.is_(False))
        )
        if token is None or not token.user.active:
            return None
        token.last_used_at = utcnow()
        db.session.commit()
        return token.user
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None
