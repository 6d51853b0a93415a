"""Step 3 through its pages and API: planners draft, partners comment but cannot edit, other groups see nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from partnership.auth.roles import Role
from partnership.profiles.models import RequirementComment, TeamProfile
from tests import factories
from tests.conftest import login
from tests.profiles.factories import adopted_needs_list, adopted_profile_for, draft_profile_for


def test_the_planner_drafts_from_a_team_model_and_edits_it(client, db, group, planner):
    needs_list = adopted_needs_list(group)
    login(client, planner)
    page = client.get(f"/groups/{group.id}/profile").get_data(as_text=True)
    for text in ("Classic neighbourhood team", "Digital community officer (Dutch model)",
                 "Internet patrol of three (Norwegian model)", "Web constables (Estonian model)",
                 "Why not a referral unit?", "When it fits:"):
        assert text in page
    response = client.post(f"/groups/{group.id}/profile/start", data={"team_model": "web_constables"})
    profile = db.session.scalar(select(TeamProfile).where(TeamProfile.group_id == group.id))
    assert response.headers["Location"].endswith(f"/groups/{group.id}/profiles/{profile.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Web constable" in page and "Needs no requirement answers yet" in page and "(3 / 3)" in page

    role = profile.roles[0]
    assert client.get(f"/groups/{group.id}/profiles/{profile.id}/roles/{role.id}").status_code == 200
    drug = needs_list.needs[0]
    client.post(f"/groups/{group.id}/profiles/{profile.id}/roles/{role.id}/requirements",
                data={"kind": "language", "value": "kea", "need_ids": [str(drug.id)]})
    refused = client.post(f"/groups/{group.id}/profiles/{profile.id}/roles/{role.id}/requirements",
                          data={"kind": "time_split", "value": "150"}, follow_redirects=True)
    assert "whole percentage from 0 to 100" in refused.get_data(as_text=True)
    page = client.get(f"/groups/{group.id}/profiles/{profile.id}").get_data(as_text=True)
    assert "Language: Cape Verdean Creole" in page and "(2 / 3)" in page
    client.post(f"/groups/{group.id}/profiles/{profile.id}/roles/{role.id}",
                data={"title": "Web constable", "count": "3", "purpose": "Named officers", "responsibilities": "Answer"})
    assert role.count == 3


def test_partners_comment_on_requirements_but_cannot_edit(client, db, group, planner, partner):
    profile = draft_profile_for(group, user=planner)
    role = profile.roles[0]
    requirement = role.requirements[0]
    login(client, partner)
    page = client.get(f"/groups/{group.id}/profiles/{profile.id}").get_data(as_text=True)
    assert "Add comment" in page and "Add a role" not in page and "Suggest from the evidence" not in page
    assert "Adopt the profile" not in page
    base = f"/groups/{group.id}/profiles/{profile.id}"
    for url, data in [(f"{base}/roles", {"title": "X", "count": 1}),
                      (f"{base}/roles/{role.id}", {"action": "remove"}),
                      (f"{base}/roles/{role.id}/requirements", {"kind": "language", "value": "kea"}),
                      (f"{base}/requirements/{requirement.id}", {"action": "remove"}),
                      (f"{base}/suggestions", {}), (f"{base}/adopt", {"method": "consensus"}),
                      (f"/groups/{group.id}/profile/start", {"team_model": "neighbourhood"})]:
        assert client.post(url, data=data).status_code == 403, url
    assert client.get(f"{base}/roles/{role.id}").status_code == 403
    response = client.post(f"{base}/requirements/{requirement.id}/comments",
                           data={"body": "Our young people are on Discord, not Facebook."})
    assert response.status_code == 302
    stored = db.session.scalar(select(RequirementComment))
    assert stored.author_id == partner.id and stored.organisation_name
    assert "not Facebook" in client.get(base).get_data(as_text=True)
    empty = client.post(f"{base}/requirements/{requirement.id}/comments", data={"body": "  "}, follow_redirects=True)
    assert "Write your comment first." in empty.get_data(as_text=True)
    assert len(requirement.comments) == 1


def test_adoption_through_the_page_completes_step_three(client, db, group, planner):
    profile = draft_profile_for(group, user=planner)
    factories.charter(group, signed_by=list(group.active_organisations))
    login(client, planner)
    client.post(f"/groups/{group.id}/profiles/{profile.id}/adopt", data={"method": "consensus", "meeting_id": 0})
    assert profile.status == "adopted"
    detail = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "Version 1 of the team profile is adopted." in detail
    page = client.get(f"/groups/{group.id}/profiles/{profile.id}").get_data(as_text=True)
    assert "This version is frozen." in page and "Change it: start a new version" in page
    response = client.post(f"/groups/{group.id}/profiles/{profile.id}/new-version")
    draft = db.session.scalar(select(TeamProfile).where(TeamProfile.version == 2))
    assert response.headers["Location"].endswith(f"/profiles/{draft.id}")
    assert "Changes from version 1" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_other_groups_profiles_are_not_found(client, db, group, planner, municipality):
    other_planner = factories.user(role=Role.PLANNER)
    other = factories.security_group(municipality, planners=[other_planner])
    theirs = adopted_profile_for(other, user=other_planner)
    their_role = theirs.roles[0]
    login(client, planner)
    # Their group: refused; their profile's ids under our group: not found.
    assert client.get(f"/groups/{other.id}/profiles/{theirs.id}").status_code == 403
    assert client.get(f"/groups/{group.id}/profiles/{theirs.id}").status_code == 404
    assert client.get(f"/groups/{group.id}/profiles/{theirs.id}/print").status_code == 404
    mine = draft_profile_for(group, user=planner)
    assert client.get(f"/groups/{group.id}/profiles/{mine.id}/roles/{their_role.id}").status_code == 404
    assert client.post(f"/groups/{group.id}/profiles/{mine.id}/requirements/{their_role.requirements[0].id}",
                       data={"action": "remove"}).status_code == 404
    assert len(their_role.requirements) > 0


@pytest.mark.parametrize(("lang", "heading", "level"), [("en", "Competence library", "expert"),
                                                        ("pt", "Biblioteca de competências", "especialista"),
                                                        ("es", "Biblioteca de competencias", "experto")])
def test_pages_in_three_languages(client, db, group, planner, lang, heading, level):
    profile = adopted_profile_for(group, user=planner)
    login(client, planner)
    page = client.get(f"/groups/{group.id}/competences?lang={lang}").get_data(as_text=True)
    assert heading in page and level in page
    printed = client.get(f"/groups/{group.id}/profiles/{profile.id}/print?in={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in printed
    names = {"en": "Digital community officer", "pt": "Agente comunitário/a digital", "es": "Agente comunitario/a digital"}
    assert names[lang] in printed
    assert client.get(f"/groups/{group.id}/profiles/{profile.id}?lang={lang}").status_code == 200


def test_a_local_competence_through_the_page(client, db, group, planner, partner):
    login(client, planner)
    bad = client.post(f"/groups/{group.id}/competences", data={"name": "", "domain": "street"})
    assert bad.status_code == 400 and "Please correct the following" in bad.get_data(as_text=True)
    client.post(f"/groups/{group.id}/competences", data={
        "name": "Knows the Condado estate", "domain": "street", "description": "",
        "level_1": "Finds any entrance", "level_2": "Knows the caretakers", "level_3": "Guides new colleagues"})
    assert "Knows the Condado estate" in client.get(f"/groups/{group.id}/competences").get_data(as_text=True)
    client.post("/auth/logout")
    login(client, partner)
    assert client.post(f"/groups/{group.id}/competences", data={"name": "x"}).status_code == 403


def test_api_gives_the_adopted_profile_with_its_evidence(client, db, group, planner, partner, outsider_partner):
    assert client.get(f"/api/v1/groups/{group.id}/profile").status_code == 401
    login(client, partner)
    assert client.get(f"/api/v1/groups/{group.id}/profile").status_code == 404  # nothing adopted yet
    profile = adopted_profile_for(group, user=planner)
    body = client.get(f"/api/v1/groups/{group.id}/profile").get_json()
    assert body["id"] == profile.id and body["status"] == "adopted" and body["team_model"] == "digital_officer"
    first = body["roles"][0]["requirements"][0]
    assert first["needs"] and first["competence"]["code"] == first["value"]
    assert body["uncovered_needs"] == []
    assert client.get(f"/api/v1/groups/{group.id}/profiles/{profile.id}").get_json()["version"] == 1
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/groups/{group_id}/profile" in spec["paths"] and "TeamProfile" in spec["components"]["schemas"]
    client.post("/auth/logout")
    login(client, outsider_partner)
    assert client.get(f"/api/v1/groups/{group.id}/profile").status_code == 403
