"""Finding 5: sessions end on the server, not only in the browser's cookie."""
from __future__ import annotations

from sqlalchemy import select

from partnership.audit.models import AuditEvent
from partnership.auth.models import UserSession
from tests import factories
from tests.conftest import login

NEW_PASSWORD = "tangerine lighthouse quietly"


def copy_cookie(source, target) -> None:
    """Copy the browser's session cookie into another client, as a thief with the cookie would."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_dashboard(app, db, planner):
    browser, thief = app.test_client(), app.test_client()
    login(browser, planner)
    copy_cookie(browser, thief)
    assert thief.get("/dashboard").status_code == 200  # the copy works while the session lives
    browser.post("/auth/logout")
    assert thief.get("/dashboard").status_code == 302
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == planner.id)) is None


def test_a_password_change_ends_every_other_session_but_keeps_this_one(app, db, partner):
    here, elsewhere = app.test_client(), app.test_client()
    login(here, partner)
    login(elsewhere, partner)
    response = here.post("/auth/account", data={"current": factories.PASSWORD, "password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "other sessions were signed out" in here.get("/auth/account").get_data(as_text=True)
    assert here.get("/dashboard").status_code == 200
    assert elsewhere.get("/dashboard").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.password_changed"))
    assert event.details == {"sessions_ended": 1}


def test_an_admins_disable_ends_the_users_sessions_in_every_worker(app, db, admin_user, planner):
    # Two apps on one database stand for two gunicorn workers.
    from partnership import create_app

    other_worker = create_app({**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                                              "PASSWORD_HASH_METHOD")},
                               "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    user_browser = app.test_client()
    login(user_browser, planner)
    other = other_worker.test_client()
    copy_cookie(user_browser, other)
    assert other.get("/dashboard").status_code == 200
    admin = app.test_client()
    login(admin, admin_user)
    admin.post(f"/admin/users/{planner.id}/active")
    db.session.refresh(planner)
    planner.active = True  # even re-enabled at once, the old sessions stay ended
    db.session.commit()
    assert other.get("/dashboard").status_code == 302
    assert user_browser.get("/dashboard").status_code == 302


def test_sign_out_everywhere_ends_all_sessions_and_is_audited(app, db, reviewer):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, reviewer)
    login(laptop, reviewer)
    assert "signed in on 2 browsers or devices" in laptop.get("/auth/account").get_data(as_text=True)
    response = laptop.post("/auth/logout/everywhere")
    assert response.status_code == 302
    assert phone.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.signed_out_everywhere"))
    assert event.details == {"sessions_ended": 2} and event.target == reviewer.email


def test_an_admin_can_sign_a_user_out_everywhere(app, db, admin_user, partner):
    lost_phone = app.test_client()
    login(lost_phone, partner)
    admin = app.test_client()
    login(admin, admin_user)
    assert admin.post(f"/admin/users/{partner.id}/sessions/end").status_code == 302
    assert lost_phone.get("/dashboard").status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.sessions_revoked")).target == partner.email


def test_a_forged_session_without_a_server_row_is_not_signed_in(app, planner):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(planner.id)  # what a cookie alone used to be enough for
        session["_fresh"] = True
    assert client.get("/dashboard").status_code == 302


def test_an_idle_session_expires(app, db, planner):
    from datetime import timedelta

    from partnership.dbtypes import utcnow

    client = app.test_client()
    login(client, planner)
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == planner.id))
    row.last_seen_at = utcnow() - timedelta(hours=app.config["SESSION_IDLE_HOURS"] + 1)
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_the_chosen_language_survives_signing_in_and_out(client, planner):
    client.post("/language/pt", data={"next": "/auth/login"})
    login(client, planner)
    assert '<html lang="pt">' in client.get("/dashboard").get_data(as_text=True)
    client.post("/auth/logout")
    assert '<html lang="pt">' in client.get("/auth/login").get_data(as_text=True)
