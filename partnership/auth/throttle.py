"""Limits on failed sign-ins, counted in the database per account and per client address.

Flask-Limiter's default `memory://` storage counts per worker, so two gunicorn workers let twice
the limit through. Failures are rare and worth a row each: counting them in the database holds
across all workers and hosts without another service. Successful sign-ins are never counted, so
one police station behind one address is not locked out by its own staff signing in.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, has_request_context, request
from limits import parse
from sqlalchemy import delete, func, select

from partnership.auth.models import AuthFailure, hash_token
from partnership.dbtypes import utcnow
from partnership.extensions import db


def client_address() -> str:
    """The client's address; honours X-Forwarded-For only behind TRUSTED_PROXIES (see ProxyFix in create_app)."""
    return (request.remote_addr or "") if has_request_context() else ""


def _account_key(kind: str, email: str) -> str:
    return hash_token(f"{kind}:{(email or '').strip().lower()}")


def _limit(setting: str):
    item = parse(current_app.config[setting])
    return item.amount, timedelta(seconds=item.get_expiry())


# Per kind of attempt: the setting limiting one account, and the one limiting one client address.
LIMIT_SETTINGS = {
    "sign_in": ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT"),
    "reset": ("PASSWORD_RESET_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT"),
}


def _enabled() -> bool:
    return current_app.config.get("RATELIMIT_ENABLED", True)


def is_blocked(kind: str, email: str) -> bool:
    """True when the account or this address has failed too often within its window."""
    if not _enabled():
        return False
    account_setting, address_setting = LIMIT_SETTINGS[kind]
    per_account, window = _limit(account_setting)
    per_address, address_window = _limit(address_setting)
    now = utcnow()
    account_failures = db.session.scalar(
        select(func.count()).select_from(AuthFailure).where(
            AuthFailure.account_hash == _account_key(kind, email), AuthFailure.occurred_at > now - window)
    )
    if account_failures >= per_account:
        return True
    address_failures = db.session.scalar(
        select(func.count()).select_from(AuthFailure).where(
            AuthFailure.kind == kind, AuthFailure.address == client_address()[:64],
            AuthFailure.occurred_at > now - address_window)
    )
    return address_failures >= per_address


# No limit window is longer than this, so older failures count for nothing.
FAILURE_KEPT = timedelta(days=1)


def record_failure(kind: str, email: str) -> None:
    """Count one failure; the caller commits. Rows past FAILURE_KEPT are dropped on the way."""
    db.session.add(AuthFailure(kind=kind, account_hash=_account_key(kind, email), address=client_address()[:64]))
    purge_old_failures()


def purge_old_failures() -> int:
    """Delete failed sign-in records past FAILURE_KEPT (also run by `flask purge`, since an
    address that never fails again would otherwise keep its rows); return how many."""
    cutoff = utcnow() - FAILURE_KEPT
    return db.session.execute(delete(AuthFailure).where(AuthFailure.occurred_at < cutoff)).rowcount or 0


def clear_account(kind: str, email: str) -> None:
    """Forget an account's failures after it signs in (the address's failures stay counted)."""
    db.session.execute(delete(AuthFailure).where(AuthFailure.account_hash == _account_key(kind, email)))
