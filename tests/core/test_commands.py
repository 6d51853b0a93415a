"""Retention purge and the 500 page."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from partnership import access, create_app
from partnership.audit import log_event
from partnership.audit.models import AuditEvent
from partnership.auth.models import AuthFailure, UserSession
from partnership.dbtypes import utcnow
from tests.conftest import login


def test_purge_removes_only_audit_events_past_retention(app, runner, db):
    old = log_event("auth.sign_in", target="old@test.example")
    old.occurred_at = utcnow() - timedelta(days=app.config["RETENTION_DAYS_AUDIT"] + 1)
    log_event("auth.sign_in", target="recent@test.example")
    db.session.commit()

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "audit log: 1 removed" in result.output
    assert db.session.scalars(select(AuditEvent.target)).all() == ["recent@test.example"]


def test_purge_ends_idle_sign_ins_and_forgets_old_failures(app, runner, db, client, planner, partner):
    login(client, planner)
    other = app.test_client()
    login(other, partner)
    idle = db.session.scalar(select(UserSession).where(UserSession.user_id == partner.id))
    idle.last_seen_at = utcnow() - timedelta(hours=app.config.get("SESSION_IDLE_HOURS", 12), minutes=1)
    db.session.add(AuthFailure(kind="sign_in", account_hash="x", address="192.0.2.1",
                               occurred_at=utcnow() - timedelta(days=2)))
    db.session.add(AuthFailure(kind="sign_in", account_hash="y", address="192.0.2.2"))
    db.session.commit()

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "idle sign-in sessions: 1 removed" in result.output
    assert "failed sign-in records: 1 removed" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(UserSession.user_id)).all() == [planner.id]
    assert db.session.scalars(select(AuthFailure.address)).all() == ["192.0.2.2"]
    assert client.get("/auth/account").status_code == 200  # the active sign-in is untouched
    assert other.get("/auth/account").status_code == 302  # the idle one must sign in again


def test_unexpected_error_shows_the_500_page(database_url, db):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t"})

    @app.route("/boom")
    @access.public
    def boom():
        raise RuntimeError("kaput")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "kaput" not in body
