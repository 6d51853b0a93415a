"""Shared fixtures: an app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import text

from partnership import create_app
from partnership.auth.roles import Role
from partnership.extensions import db as _db
from tests import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header(config):
    return f"database: {TEST_DATABASE_URL or 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    """Create the schema once per session; tests empty the tables after themselves."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield
    with app.app_context():
        _db.drop_all()
        _db.engine.dispose()


def _empty_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app(_schema, database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "SERVER_NAME": None,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        # Sessions are scoped by the app context's id(); a context of an earlier test that was
        # never popped could leave a session behind at an address this context now reuses.
        _db.session.remove()
        yield app
        # An export job a test started runs in a thread of its own: let it finish before the
        # tables are emptied, so it never writes into the next test's data.
        from assessments.exporting.jobs import wait_for_background

        wait_for_background(timeout=60)
        _db.session.remove()
        _empty_tables()
        _db.session.remove()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def municipality(db):
    return factories.municipality()


@pytest.fixture
def admin_user(db):
    return factories.user(role=Role.ADMIN, email="admin@test.example")


@pytest.fixture
def planner(db):
    return factories.user(role=Role.PLANNER, email="planner@test.example")


@pytest.fixture
def reviewer(db, municipality):
    return factories.user(role=Role.REVIEWER, email="reviewer@test.example", municipality=municipality)


@pytest.fixture
def partner(db):
    return factories.user(role=Role.PARTNER, email="partner@test.example")


@pytest.fixture
def outsider_partner(db):
    """A partner who belongs to no group of the tests' default group."""
    return factories.user(role=Role.PARTNER, email="outsider@test.example")


@pytest.fixture
def group(db, municipality, planner, partner):
    """A security group planned by `planner`, with `partner` representing an active member organisation."""
    return factories.security_group(municipality=municipality, planners=[planner], partner=partner)


def login(client, user, password: str = factories.PASSWORD):
    """Sign `user` in through the real sign-in form."""
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, f"sign-in as {user.email} failed: {response.status_code}"
    return response


@pytest.fixture
def login_as(client):
    def _login(user):
        return login(client, user)

    return _login


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token in page"
    return match.group(1)
