"""Signing in and out, invitations, disabled accounts, rate limiting."""
from __future__ import annotations

from sqlalchemy import select

from partnership import create_app
from partnership.audit.models import AuditEvent
from partnership.auth.models import User
from tests import factories
from tests.conftest import login


def actions(db) -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_sign_in_lands_on_dashboard_and_is_audited(client, db, planner):
    response = login(client, planner)
    assert response.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert planner.name in page.get_data(as_text=True)
    assert "auth.sign_in" in actions(db)


def test_wrong_password_is_refused_with_a_clear_message_and_audited(client, db, planner):
    response = client.post("/auth/login", data={"email": planner.email, "password": "wrong password!"})
    assert response.status_code == 400
    assert "do not match an active account" in response.get_data(as_text=True)
    # The typed email is kept; the password never is.
    assert f'value="{planner.email}"' in response.get_data(as_text=True)
    assert "auth.sign_in_failed" in actions(db)
    assert client.get("/dashboard").status_code == 302


def test_email_is_case_insensitive(client, planner):
    response = client.post("/auth/login", data={"email": planner.email.upper(), "password": factories.PASSWORD})
    assert response.status_code == 302


def test_disabled_account_cannot_sign_in_and_loses_its_session(client, db, planner):
    login(client, planner)
    planner.active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302  # the live session stops working too
    response = client.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD})
    assert response.status_code == 400


def test_next_parameter_never_leaves_the_site(client, planner):
    response = client.post("/auth/login?next=https://evil.example/steal",
                           data={"email": planner.email, "password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/dashboard")
    client.post("/auth/logout")
    response = client.post("/auth/login?next=/groups/", data={"email": planner.email, "password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/groups/")


def test_logout_ends_the_session(client, planner):
    login(client, planner)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_sign_in_is_rate_limited_with_a_clear_message(database_url, db, planner):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute", "RATELIMIT_ENABLED": True,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    client = app.test_client()
    for _ in range(3):
        assert client.post("/auth/login", data={"email": planner.email, "password": "nope nope"}).status_code == 400
    blocked = client.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD})
    assert blocked.status_code == 429
    assert "too many times" in blocked.get_data(as_text=True)


def test_invitation_sets_password_once(client, db, admin_user):
    user = factories.user(email="new@test.example")
    user.password_hash = None
    token = user.new_invitation()
    db.session.commit()

    short = client.post(f"/auth/invitation/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 400
    assert "at least 12 characters" in short.get_data(as_text=True)

    mismatch = client.post(f"/auth/invitation/{token}", data={"password": "a long passphrase", "confirm": "another one!"})
    assert "do not match" in mismatch.get_data(as_text=True)

    ok = client.post(f"/auth/invitation/{token}", data={"password": "a long passphrase", "confirm": "a long passphrase"})
    assert ok.status_code == 302
    assert db.session.get(User, user.id).check_password("a long passphrase")
    client.post("/auth/logout")
    assert client.get(f"/auth/invitation/{token}").status_code == 404  # single use


def test_password_change_needs_the_current_password(client, db, partner):
    login(client, partner)
    bad = client.post("/auth/account", data={"current": "not it at all", "password": "brand new phrase", "confirm": "brand new phrase"})
    assert bad.status_code == 400
    assert "current password is not correct" in bad.get_data(as_text=True)
    good = client.post("/auth/account", data={"current": factories.PASSWORD, "password": "brand new phrase", "confirm": "brand new phrase"})
    assert good.status_code == 302
    db.session.refresh(partner)
    assert partner.check_password("brand new phrase")


def test_create_user_command(runner, db, monkeypatch):
    monkeypatch.setenv("NEW_USER_PASSWORD", "a very good password")
    result = runner.invoke(args=["create-user", "Chief@Police.example", "--role", "planner", "--name", "Chief"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "chief@police.example"))
    assert user.role == "planner" and user.check_password("a very good password")

    again = runner.invoke(args=["create-user", "chief@police.example", "--role", "planner"])
    assert again.exit_code != 0 and "already exists" in again.output

    monkeypatch.setenv("NEW_USER_PASSWORD", "short")
    weak = runner.invoke(args=["create-user", "x@police.example", "--role", "partner"])
    assert weak.exit_code != 0 and "at least" in weak.output


def test_two_clients_in_one_test_are_two_people(app, planner, partner):
    first, second = app.test_client(), app.test_client()
    login(first, planner)
    login(second, partner)
    assert planner.name in first.get("/dashboard").get_data(as_text=True)
    assert partner.name in second.get("/dashboard").get_data(as_text=True)
    assert planner.name in first.get("/dashboard").get_data(as_text=True)


def test_dashboard_lists_invitations_apart_from_groups(client, db, municipality, planner, partner):
    from partnership.groups.models import MembershipStatus

    invited_to = factories.security_group(municipality, planners=[planner], name="Grupo de Alvalade")
    factories.organisation(invited_to, partner, status=MembershipStatus.INVITED, name="Clube Desportivo")
    member_of = factories.security_group(municipality, planners=[planner], partner=partner, name="Grupo de Benfica")
    login(client, partner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Invitations waiting for your answer" in page
    assert f"/groups/{invited_to.id}/invitation" in page
    assert f'href="/groups/{member_of.id}"' in page
    assert f'href="/groups/{invited_to.id}"' not in page
