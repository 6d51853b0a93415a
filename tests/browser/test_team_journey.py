"""Journey: a police planner recruits and trains the team of a group whose profile is adopted (Step 4).

The group and its adopted profile are set up through Step 3's test factory; from there the
planner works only through the pages: vacancy, weights, a candidate, scoring, appointment,
a completed course; then a partner sees roles and readiness, never the candidate.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import Journey, sign_in, sign_out

pytestmark = pytest.mark.browser


def group_with_adopted_profile(live_server, size: str) -> tuple[int, str]:
    """A fresh group per screen size, planned by the demo planner, with the residents' partner as member."""
    from sqlalchemy import select

    from partnership.auth.accounts import find_user
    from partnership.extensions import db
    from partnership.neighbourhoods.models import Municipality
    from tests import factories
    from tests.profiles.factories import adopted_profile_for

    name = f"Equipa de teste ({size})"
    with live_server.app_context():
        lisboa = db.session.scalar(select(Municipality).where(Municipality.code == "1106"))
        group = factories.security_group(municipality=lisboa, planners=[find_user("planner@demo.example")],
                                         partner=find_user("partner@demo.example"), name=name)
        adopted_profile_for(group, languages={"digital_community_officer": ["pt", "en"]},
                            platforms={"digital_community_officer": ["discord", "instagram"]})
        return group.id, name


def open_team(journey: Journey, name: str) -> None:
    page = journey.page
    page.get_by_role("link", name="Security groups").first.click()
    page.get_by_role("link", name=name).click()
    page.get_by_role("navigation", name="This security group").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The community-police team")


def test_planner_recruits_scores_appoints_and_trains(new_journey, live_server, size):
    journey = new_journey("team", size)
    page = journey.page
    group_id, name = group_with_adopted_profile(live_server, size)

    sign_in(journey, "planner@demo.example")
    open_team(journey, name)
    expect(page.get_by_text("0 / 6")).to_be_visible()
    journey.check("team-empty")
    page.get_by_role("button", name="Generate the vacancy from the profile").click()
    expect(page.get_by_role("status")).to_contain_text("Vacancy generated from the adopted profile")
    journey.check("vacancy", doc=True)

    page.get_by_role("link", name="Read and print the vacancy notice").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Digital community officer"))).to_be_visible()
    expect(page.get_by_text("50% online, 50% on the street")).to_be_visible()
    journey.check("vacancy-notice", doc=True)
    page.go_back()

    # Criteria first: the digital competences count double.
    page.locator('[id="weight-dco.platforms"]').select_option("2")
    page.get_by_role("button", name="Fix the weights").click()
    expect(page.get_by_role("status")).to_contain_text("The weights are fixed")

    # A candidate: an empty form explains itself and keeps the page.
    page.get_by_role("link", name="Add a candidate").click()
    add_url = re.sub(r"^https?://[^/]+", "", page.url)
    with journey.expecting_status(add_url, 400):
        page.get_by_role("button", name="Add the candidate").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    page.get_by_label("Name").fill("Agente Teste Silva")
    page.get_by_label("Current unit").fill("PSP — 1.ª Divisão")
    page.get_by_label("Languages spoken").fill("Português, English")
    page.get_by_label("Platforms the candidate knows").fill("Discord, Instagram")
    page.get_by_label("Statement of motivation").fill("Conheço bem o bairro e as associações.")
    page.get_by_label("Motivation to work online").fill("Os jovens falam primeiro online; quero estar lá.")
    journey.check("candidate-form")
    page.get_by_role("button", name="Add the candidate").click()
    expect(page.get_by_role("status")).to_contain_text("is recorded as candidate A")

    # Scoring: every competence, 1-5, each with its evidence.
    page.get_by_role("link", name="Score the candidates").click()
    page.get_by_role("link", name="Score", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Score Agente Teste Silva")
    cards = page.locator(".score-card")
    for index in range(cards.count()):
        card = cards.nth(index)
        card.get_by_role("radio", name="3", exact=True).check()
        card.get_by_role("textbox").fill("Exemplo concreto dado na entrevista.")
    journey.check("score-sheet", doc=True)
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_role("status")).to_contain_text("Your scores are submitted.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agente Teste Silva")
    expect(page.get_by_text("Weighted mean: 3.00").first).to_be_visible()
    journey.check("candidate-scored")

    # Appointment, recorded as a decision of the group.
    page.get_by_role("link", name="Back to the vacancy").click()
    expect(page.get_by_role("heading", name="4. Ranked shortlist")).to_be_visible()
    page.get_by_label("Digital community officer 1").select_option(label="Agente Teste Silva")
    page.get_by_role("button", name="Record the appointment").click()
    expect(page.get_by_role("status")).to_contain_text("Appointment recorded as a decision of the group")
    expect(page.get_by_text("1 / 6")).to_be_visible()
    journey.check("team-appointed", doc=True)

    # A completed course raises the officer's level, with an assessment note.
    # By keyboard: the matrix is wider than a phone and scrolls sideways inside its region.
    page.get_by_role("link", name="Digital community officer 1").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agente Teste Silva")
    page.locator("details summary").first.click()
    form = page.locator("details form").first
    form.get_by_role("checkbox").first.check()
    with journey.expecting_status(re.sub(r"^https?://[^/]+", "", form.get_attribute("action") or ""), 400):
        form.get_by_role("button", name="Record completion").click()
    expect(page.get_by_role("alert")).to_contain_text("only with an assessment note")
    form = page.locator("details[open] form").first
    form.get_by_role("checkbox").first.check()
    form.get_by_label("Assessment note").fill("Exercício prático avaliado pela formadora.")
    form.get_by_role("button", name="Record completion").click()
    expect(page.get_by_role("status")).to_contain_text("is recorded as completed")
    expect(page.get_by_text(re.compile("Completed on")).first).to_be_visible()
    journey.check("officer-plan", doc=True)
    sign_out(journey)

    # A partner of the group sees roles, readiness and training, never the candidate.
    sign_in(journey, "partner@demo.example")
    open_team(journey, name)
    expect(page.get_by_role("rowheader", name=re.compile("Digital community officer 1"))).to_be_visible()
    expect(page.get_by_text("Agente Teste Silva")).to_have_count(0)
    expect(page.get_by_text(re.compile("Completed on")).first).to_be_visible()
    journey.check("team-partner")
    journey.assert_clean()
