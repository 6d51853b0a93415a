"""Journey 2, continued: the planner takes a group with an adopted needs list through Step 3.

Draft a profile from a team model, accept a suggestion from the evidence and see the uncovered
needs shrink, a partner comments on a requirement, the group adopts the profile, Step 3 is complete.
"""
from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.browser.harness import Journey, sign_in, sign_out

pytestmark = pytest.mark.browser

NEIGHBOURHOOD = {"desktop": ("110654", "Alvalade"), "phone": ("110655", "Areeiro")}  # one fresh group per run


def group_with_adopted_needs(live_server, code: str, name: str) -> tuple[int, str, int]:
    """Step 1 and Step 2 done the quick way: members, a signed charter, 40 answers and an adopted needs list."""
    with live_server.app_context():
        from sqlalchemy import select

        from assessments import builder, needs
        from assessments.answering import store_response
        from partnership.auth.accounts import find_user
        from partnership.dbtypes import utcnow
        from partnership.extensions import db
        from partnership.groups.models import (CharterSignOff, CharterVersion, MemberOrganisation, SecurityGroup,
                                               StakeholderType)
        from partnership.neighbourhoods.models import Neighbourhood

        planner = find_user("planner@demo.example")
        group = SecurityGroup(name=f"Grupo de Segurança de {name}", municipality_id=1, created_by_id=planner.id)
        group.neighbourhoods = [db.session.scalar(select(Neighbourhood).where(Neighbourhood.code == code))]
        group.municipality_id = group.neighbourhoods[0].municipality_id
        group.planners = [planner]
        db.session.add(group)
        members = [(f"PSP — Esquadra de {name}", StakeholderType.LOCAL_POLICE, planner),
                   (f"Junta de Freguesia de {name}", StakeholderType.PARISH_COUNCIL, find_user("municipality@demo.example")),
                   (f"Associação de Moradores de {name}", StakeholderType.RESIDENTS_ASSOCIATION, find_user("partner@demo.example")),
                   (f"Escola Básica de {name}", StakeholderType.SCHOOL, find_user("school@demo.example"))]
        orgs = [MemberOrganisation(group=group, name=n, stakeholder_type=kind, representative=user, status="active",
                                   joined_at=utcnow()) for n, kind, user in members]
        charter = CharterVersion(group=group, number=1, purpose="Plan together", territory=name,
                                 decision_making="By consensus; without consensus, by a simple majority.",
                                 meeting_rhythm="Monthly", data_protection="Aggregates only")
        db.session.add_all(orgs + [charter])
        db.session.flush()
        for org in orgs:
            db.session.add(CharterSignOff(charter_version=charter, organisation=org, signed_by_id=org.representative_id))
        db.session.commit()
        survey = builder.create_survey(group, title={"en": f"Safety in {name}"}, languages=["en", "pt", "es"],
                                       modules=["safety", "problems", "online", "about"], user=planner)
        builder.set_status(survey, "open")
        for i in range(40):
            store_response(survey, {
                "age_band": "a16_24" if i < 20 else "a45_64",
                "online_platforms": ["discord", "instagram"] if i < 16 else ["facebook"],
                "home_language": "kea" if i < 12 else "pt",
                "unsafe_time": ["late_night"] if i % 4 else ["evening"],
                "online_harms_seen": ["scams"] if i % 2 else ["bullying"],
                "problems": {"drug_dealing": "very_big", "lighting": "fairly_big" if i % 3 else "not_a_problem"},
            }, submission_key=secrets.token_urlsafe(16))
        needs_list = needs.draft_list(group, survey, "en")
        needs.adopt(needs_list, method="consensus", user=planner)
        return group.id, group.name, len(needs_list.needs)


def open_group(journey: Journey, name: str) -> None:
    page = journey.page
    page.get_by_role("link", name="Security groups").first.click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_planner_drafts_traces_and_adopts_the_team_profile(new_journey, live_server, size):
    code, neighbourhood = NEIGHBOURHOOD[size]
    group_id, name, total = group_with_adopted_needs(live_server, code, neighbourhood)
    journey = new_journey("profile", size)
    page = journey.page
    steps = page.locator("ol.steps > li")
    uncovered = page.get_by_test_id("uncovered-count")

    sign_in(journey, "planner@demo.example")
    open_group(journey, name)
    expect(steps.nth(1)).to_contain_text("Complete")
    expect(steps.nth(2)).to_contain_text("Not yet started")
    expect(steps.nth(2)).to_contain_text("Draft the team profile from a team model.")
    steps.nth(2).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 3: the ideal profile of the community-police team")
    expect(page.get_by_role("heading", name="Why not a referral unit?")).to_be_visible()
    journey.check("team-models", doc=True)

    # Draft from the Dutch model: every adopted need starts uncovered.
    page.get_by_role("button", name=re.compile(r"^Draft from this model\s?: Digital community officer \(Dutch model\)$")).click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 is drafted from the model")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team profile, version 1")
    expect(uncovered).to_have_text(f"({total} / {total})")
    journey.check("profile-draft")

    # Suggestions from the evidence; accepting one for a need shrinks the uncovered list.
    page.get_by_role("button", name="Suggest from the evidence").click()
    expect(page.get_by_role("status")).to_contain_text("suggestions from the evidence")
    discord = page.locator(".suggestion").filter(has_text="Present on Discord")
    expect(discord).to_contain_text("(16 to 24)")
    journey.check("suggestions", doc=True)
    need_suggestion = page.locator(".suggestion").filter(has_text="Answers the adopted need").first
    need_suggestion.get_by_role("button", name=re.compile("^Accept: ")).click()
    expect(page.get_by_role("status")).to_contain_text("Suggestion accepted for the role")
    expect(uncovered).to_have_text(f"({total - 1} / {total})")
    page.locator(".suggestion").filter(has_text="Present on Discord").get_by_role(
        "button", name="Accept: Present on Discord").click()
    expect(page.get_by_role("status")).to_contain_text("Suggestion accepted for the role “Digital community officer”")
    discord_requirement = page.locator(".requirement").filter(has_text="Present on Discord")
    expect(discord_requirement).to_contain_text("Which of these do you use at least once a week?")
    sign_out(journey)

    # A partner comments on the requirement but has nothing to edit with.
    sign_in(journey, "partner@demo.example")
    open_group(journey, name)
    steps.nth(2).get_by_role("link").first.click()
    expect(page.get_by_role("button", name="Suggest from the evidence")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Edit the role"))).to_have_count(0)
    discord_requirement.locator("summary").click()
    discord_requirement.get_by_label("Your comment on: Present on Discord").fill(
        "Young people here talk on Discord servers of the local football club.")
    discord_requirement.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("status")).to_contain_text("Your comment is added.")
    expect(page.locator(".requirement").filter(has_text="Present on Discord")).to_contain_text("local football club")
    journey.check("partner-comment")
    sign_out(journey)

    # The group adopts it by a decision under its charter's rule; Step 3 is complete.
    sign_in(journey, "planner@demo.example")
    journey.goto(f"/groups/{group_id}/profile")
    page.get_by_role("link", name="Open the draft").click()
    adopt = page.locator("#adopt")
    expect(adopt).to_contain_text("By consensus, or by a vote with more votes for than against.")
    adopt.get_by_label("How the group decided").select_option("consensus")
    adopt.get_by_role("button", name="Adopt as a decision of the group").click()
    expect(page.get_by_role("status")).to_contain_text("Step 3 is complete.")
    expect(page.get_by_text("This version is frozen.")).to_be_visible()
    journey.check("profile-adopted", doc=True)
    page.get_by_role("link", name="Printable profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community-police team profile")
    journey.check("profile-print")
    journey.goto(f"/groups/{group_id}")
    expect(steps.nth(2)).to_contain_text("Complete")
    expect(steps.nth(2)).to_contain_text("Version 1 of the team profile is adopted.")
    journey.check("step-3-complete", doc=True)
    journey.assert_clean()
