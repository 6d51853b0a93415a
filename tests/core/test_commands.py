"""Retention purge and the 500 page."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from partnership import access, create_app
from partnership.audit import log_event
from partnership.audit.models import AuditEvent
from partnership.dbtypes import utcnow


def test_purge_removes_only_audit_events_past_retention(app, runner, db):
    old = log_event("auth.sign_in", target="old@test.example")
    old.occurred_at = utcnow() - timedelta(days=app.config["RETENTION_DAYS_AUDIT"] + 1)
    log_event("auth.sign_in", target="recent@test.example")
    db.session.commit()

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "audit log: 1 removed" in result.output
    assert db.session.scalars(select(AuditEvent.target)).all() == ["recent@test.example"]


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
