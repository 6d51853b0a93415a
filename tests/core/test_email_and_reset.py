"""Invitations by email when SMTP is configured, the link as fallback, and password reset by email."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from partnership.audit.models import AuditEvent
from partnership.auth.models import User
from partnership.dbtypes import utcnow
from tests.conftest import login

NEW_PASSWORD = "tangerine lighthouse quietly"


@pytest.fixture
def outbox(app):
    app.config["MAIL_OUTBOX"] = []
    return app.config["MAIL_OUTBOX"]


def link_in(message) -> str:
    return re.search(r"http://localhost(/auth/\S+)", message.get_content()).group(1)


def test_invitation_is_emailed_when_mail_is_configured(client, db, admin_user, outbox):
    login(client, admin_user)
    page = client.post("/admin/users", data={"email": "ana@junta.example", "name": "Ana", "role": "partner",
                                             "municipality_id": 0}).get_data(as_text=True)
    assert "We emailed the invitation" in page
    assert len(outbox) == 1 and outbox[0]["To"] == "ana@junta.example"
    path = link_in(outbox[0])
    assert path in page  # the link stays on the page as the fallback
    client.post("/auth/logout")
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_without_mail_the_invitation_link_is_shown_whole_with_a_copy_button(client, admin_user, partner):
    login(client, admin_user)
    page = client.post(f"/admin/users/{partner.id}/invitation").get_data(as_text=True)
    assert "Earlier links no longer work" in page
    # A wrapping field (never cut off), a button shown by the script only, and the script itself.
    assert re.search(r'<textarea id="invite-link"[^>]*readonly[^>]*>http://localhost/auth/invitation/', page)
    assert 'data-copy-target="invite-link"' in page and " hidden>" in page
    assert "js/copy-link.js" in page


def test_reset_answers_the_same_for_known_and_unknown_emails(client, db, planner, outbox):
    known = client.post("/auth/reset", data={"email": planner.email}, follow_redirects=True)
    unknown = client.post("/auth/reset", data={"email": "nobody@test.example"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert [m["To"] for m in outbox] == [planner.email]


def test_reset_link_works_once_ends_sessions_and_is_audited(app, db, planner, outbox):
    other_device = app.test_client()
    login(other_device, planner)
    client = app.test_client()
    client.post("/auth/reset", data={"email": planner.email})
    path = link_in(outbox[0])
    stored = db.session.get(User, planner.id).reset_token_hash
    assert stored and path.rsplit("/", 1)[1] not in stored  # only the hash is kept
    weak = client.post(path, data={"password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 400
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert db.session.get(User, planner.id).check_password(NEW_PASSWORD)
    assert other_device.get("/dashboard").status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and "no longer works" in again.get_data(as_text=True)
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert {"auth.password_reset_requested", "auth.password_reset"} <= actions


def test_reset_link_expires(client, db, planner, outbox, app):
    client.post("/auth/reset", data={"email": planner.email})
    path = link_in(outbox[0])
    user = db.session.get(User, planner.id)
    user.reset_requested_at = utcnow() - timedelta(minutes=app.config["PASSWORD_RESET_MAX_AGE_MINUTES"] + 1)
    db.session.commit()
    assert client.get(path).status_code == 410
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410
    assert not db.session.get(User, planner.id).check_password(NEW_PASSWORD)


def test_a_newer_reset_link_replaces_the_older_one(client, db, planner, outbox):
    client.post("/auth/reset", data={"email": planner.email})
    client.post("/auth/reset", data={"email": planner.email})
    first, second = link_in(outbox[0]), link_in(outbox[1])
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_reset_requests_per_account_are_capped_silently(app, db, planner, outbox):
    app.config.update(RATELIMIT_ENABLED=True, PASSWORD_RESET_RATE_LIMIT="2 per hour")
    client = app.test_client()
    for _ in range(4):
        assert client.post("/auth/reset", data={"email": planner.email}).status_code == 302
    assert len(outbox) == 2


def test_without_mail_the_reset_page_points_to_an_administrator(client, planner):
    page = client.get("/auth/reset")
    assert page.status_code == 200 and "does not send email" in page.get_data(as_text=True)
    assert client.post("/auth/reset", data={"email": planner.email}).status_code == 200
    assert "Forgotten your password?" in client.get("/auth/login").get_data(as_text=True)


def test_a_disabled_account_gets_no_reset_link(client, db, planner, outbox):
    planner.active = False
    db.session.commit()
    client.post("/auth/reset", data={"email": planner.email})
    assert outbox == []
