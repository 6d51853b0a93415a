"""Security headers, cookies, CSRF and error pages."""
from __future__ import annotations

import re

import pytest

from partnership import create_app
from tests import factories
from tests.conftest import csrf_token_from


@pytest.fixture
def csrf_client(database_url, db):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t",
                      "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    return app.test_client()


@pytest.mark.parametrize("path", ["/", "/auth/login", "/does-not-exist", "/api/v1/openapi.json"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    # No external origin may appear anywhere in the policy.
    assert not re.search(r"https?://", csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(client, planner):
    response = client.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookie_when_configured(database_url, db, planner, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    response = app.test_client().post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_post_without_csrf_token_is_rejected_and_changes_nothing(csrf_client, db, planner):
    response = csrf_client.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    assert csrf_client.get("/dashboard").status_code == 302  # not signed in


def test_post_with_csrf_token_is_accepted(csrf_client, planner):
    token = csrf_token_from(csrf_client.get("/auth/login").get_data(as_text=True))
    response = csrf_client.post("/auth/login", data={"email": planner.email, "password": factories.PASSWORD, "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize("path,code", [("/nowhere", 404), ("/admin/users", 302)])
def test_error_pages_use_the_layout(client, path, code):
    response = client.get(path)
    assert response.status_code == code
    if code == 404:
        body = response.get_data(as_text=True)
        assert "Page not found" in body and 'id="main"' in body


def test_forbidden_page_is_explained(client, partner, login_as):
    login_as(partner)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "do not have access" in response.get_data(as_text=True)


def test_too_large_upload_gets_413_page(database_url, db):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "MAX_CONTENT_LENGTH": 10})
    response = app.test_client().post("/auth/login", data={"email": "x" * 100})
    assert response.status_code == 413
    assert "larger than this service accepts" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.is_json and response.json["status"] == 401
