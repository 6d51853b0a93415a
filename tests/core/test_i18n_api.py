"""Language choice and the JSON API's token authentication."""
from __future__ import annotations

from partnership.auth.accounts import issue_api_token
from tests.conftest import login


def test_browser_language_is_used_and_a_choice_sticks(client):
    page = client.get("/auth/login", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert '<html lang="es">' in page.get_data(as_text=True)
    client.post("/language/pt", data={"next": "/auth/login"})
    page = client.get("/auth/login", headers={"Accept-Language": "es-ES"})
    text = page.get_data(as_text=True)
    assert '<html lang="pt">' in text
    assert "Iniciar sessão" in text  # the Portuguese catalogue is compiled and loaded


def test_language_switch_refuses_offsite_redirects(client):
    response = client.post("/language/es", data={"next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.post("/language/xx", data={"next": "/"})
    assert '<html lang="en">' in client.get("/auth/login", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_api_token_authenticates_and_revoked_token_does_not(client, db, planner, group):
    secret = issue_api_token(planner, "reporting")
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json["email"] == planner.email
    groups = client.get("/api/v1/groups", headers=headers).json["groups"]
    assert [g["id"] for g in groups] == [group.id]
    assert groups[0]["steps"][0]["number"] == 1

    assert client.get("/api/v1/me", headers={"Authorization": "Bearer sn_wrong"}).status_code == 401
    login(client, planner)
    token_id = planner_token_id(db, planner)
    client.post(f"/auth/account/tokens/{token_id}/revoke")
    client.post("/auth/logout")
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def planner_token_id(db, user) -> int:
    from sqlalchemy import select

    from partnership.auth.models import ApiToken

    return db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))


def test_partner_of_another_group_sees_no_groups_in_the_api(client, outsider_partner, group):
    secret = issue_api_token(outsider_partner, "x")
    assert client.get("/api/v1/groups", headers={"Authorization": f"Bearer {secret}"}).json["groups"] == []


def test_openapi_document_lists_core_paths(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert {"/me", "/groups"} <= set(doc["paths"])
