"""Findings 9, 10 and 12: sign-in timing, limits counted across workers, weak passwords, old invitations."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from partnership import create_app
from partnership.auth import passwords
from partnership.auth.models import User
from partnership.dbtypes import utcnow
from tests import factories
from tests.conftest import login


def limited_app(app, **settings):
    """Another app on the same database, with limits on: one more gunicorn worker."""
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test",
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
              "PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"], **settings}
    return create_app(config)


# --- Finding 9: known and unknown emails cost the same -------------------------------------------

def test_unknown_email_is_checked_against_a_hash_like_a_known_one(client, db, planner, monkeypatch):
    calls = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: calls.append(h.split("$")[0]) or real(h, p))
    client.post("/auth/login", data={"email": planner.email, "password": "wrong password!"})
    client.post("/auth/login", data={"email": "nobody@test.example", "password": "wrong password!"})
    invited = factories.user(email="invited@test.example")
    invited.password_hash = None
    db.session.commit()
    client.post("/auth/login", data={"email": invited.email, "password": "wrong password!"})
    # One hash check each, with the same method and cost: the timing tells nothing.
    assert len(calls) == 3 and len(set(calls)) == 1


def test_known_and_unknown_emails_take_about_the_same_time(app, db, planner):
    import time

    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:200000"  # slow enough to measure
    planner.set_password(factories.PASSWORD)
    db.session.commit()
    client = app.test_client()

    def median(email):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            client.post("/auth/login", data={"email": email, "password": "not the password"})
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    known, unknown = median(planner.email), median("nobody@test.example")
    assert 0.5 < unknown / known < 2, (known, unknown)


# --- Finding 10: limits on failures, per account and per address, across workers ---------------

def test_failed_sign_ins_are_counted_across_workers(app, db, planner):
    first = limited_app(app, LOGIN_RATE_LIMIT="4 per 5 minutes").test_client()
    second = limited_app(app, LOGIN_RATE_LIMIT="4 per 5 minutes").test_client()
    statuses = [(first if i % 2 else second).post("/auth/login", data={"email": planner.email, "password": "nope nope"}
                                                  ).status_code for i in range(6)]
    assert statuses == [400, 400, 400, 400, 429, 429]
    # The account is locked for now, even with the right password, in either worker.
    assert first.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD}).status_code == 429


def test_successful_sign_ins_do_not_count_against_the_limit(app, db, planner, partner):
    # A police station: many staff sign in from one address, with the odd typo.
    station = limited_app(app, LOGIN_RATE_LIMIT="3 per 5 minutes", LOGIN_ADDRESS_RATE_LIMIT="5 per 5 minutes")
    for _ in range(13):
        for user in (planner, partner):
            client = station.test_client()
            assert client.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD}).status_code == 302
    for _ in range(2):
        assert station.test_client().post("/auth/login", data={"email": planner.email, "password": "typo typo"}).status_code == 400
    assert station.test_client().post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD}).status_code == 302
    # The success forgot the account's two failures: two more typos are still allowed.
    for _ in range(2):
        assert station.test_client().post("/auth/login", data={"email": planner.email, "password": "typo typo"}).status_code == 400


def test_failures_from_one_address_are_limited_across_accounts(app, db):
    worker = limited_app(app, LOGIN_ADDRESS_RATE_LIMIT="5 per 5 minutes")
    client = worker.test_client()
    statuses = [client.post("/auth/login", data={"email": f"guess{i}@test.example", "password": "nope nope"}).status_code
                for i in range(7)]
    assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429]
    blocked = client.post("/auth/login", data={"email": "another@test.example", "password": "nope nope"})
    assert "too many times" in blocked.get_data(as_text=True)


def test_x_forwarded_for_counts_only_behind_trusted_proxies(app, db):
    def statuses(worker, forwarded_for):
        client = worker.test_client()
        return [client.post("/auth/login", data={"email": f"x{i}@test.example", "password": "nope nope"},
                            headers={"X-Forwarded-For": forwarded_for(i)}).status_code for i in range(4)]

    # Behind one trusted proxy, each user is limited on their own address, not the proxy's.
    behind_proxy = limited_app(app, LOGIN_ADDRESS_RATE_LIMIT="2 per 5 minutes", TRUSTED_PROXIES=1)
    assert statuses(behind_proxy, lambda i: f"198.51.100.{i}") == [400, 400, 400, 400]
    # Without trusted proxies, a client cannot escape its limit by inventing addresses.
    direct = limited_app(app, LOGIN_ADDRESS_RATE_LIMIT="2 per 5 minutes", TRUSTED_PROXIES=0)
    assert statuses(direct, lambda i: f"203.0.113.{i}") == [400, 400, 429, 429]


# --- Finding 12: weak passwords and old invitations -----------------------------------------------

@pytest.mark.parametrize("weak,reason", [
    ("aaaaaaaaaaaa", "repeats"),
    ("abcabcabcabc", "repeats"),
    ("password1234", "common or leaked"),
    ("iloveyou1234", "common or leaked"),
    ("qwertyuiop123", "common or leaked"),
])
def test_common_breached_and_repetitive_passwords_are_refused(client, db, weak, reason):
    user = factories.user(email="new@test.example")
    user.password_hash = None
    token = user.new_invitation()
    db.session.commit()
    response = client.post(f"/auth/invitation/{token}", data={"password": weak, "confirm": weak})
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash is None


def test_password_with_the_users_own_name_is_refused(client, db, partner):
    login(client, partner)
    weak = f"{partner.name.lower().replace(' ', '')}{partner.name.lower().replace(' ', '')}"
    response = client.post("/auth/account", data={"current": factories.PASSWORD, "password": weak, "confirm": weak})
    assert response.status_code == 400


def test_a_long_unusual_passphrase_is_accepted():
    assert passwords.problem("tangerine lighthouse quietly") is None


def test_weak_passwords_are_refused_by_the_command_line_too(runner, db, monkeypatch):
    monkeypatch.setenv("NEW_USER_PASSWORD", "aaaaaaaaaaaa")
    result = runner.invoke(args=["create-user", "x@police.example", "--role", "partner"])
    assert result.exit_code != 0 and "repeats" in result.output


def test_an_old_invitation_has_expired_with_a_clear_message(client, db, app):
    user = factories.user(email="late@test.example")
    user.password_hash = None
    token = user.new_invitation()
    user.invited_at = utcnow() - timedelta(days=app.config["INVITATION_MAX_AGE_DAYS"], hours=1)
    db.session.commit()
    page = client.get(f"/auth/invitation/{token}")
    assert page.status_code == 410
    assert "invitation has expired" in page.get_data(as_text=True)
    attempt = client.post(f"/auth/invitation/{token}", data={"password": "tangerine lighthouse quietly",
                                                              "confirm": "tangerine lighthouse quietly"})
    assert attempt.status_code == 410
    assert db.session.get(User, user.id).password_hash is None


def test_invitation_age_is_configurable(client, db, app):
    app.config["INVITATION_MAX_AGE_DAYS"] = 30
    user = factories.user(email="month@test.example")
    user.password_hash = None
    token = user.new_invitation()
    user.invited_at = utcnow() - timedelta(days=20)
    db.session.commit()
    assert client.get(f"/auth/invitation/{token}").status_code == 200
    assert db.session.scalar(select(User).where(User.email == "month@test.example")) is not None
