"""Journey 2: a police planner takes a new neighbourhood through the steps, as far as the product goes."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import Journey, sign_in

pytestmark = pytest.mark.browser

NEIGHBOURHOOD = {"desktop": "Carnide", "phone": "Lumiar"}  # one fresh neighbourhood per run


def form_group(journey: Journey, name: str, neighbourhood: str) -> None:
    """From the dashboard, form a security group for one neighbourhood of Lisboa."""
    page = journey.page
    page.get_by_role("link", name="Form a new security group").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Form a security group")
    journey.check("new-group")

    # Submitting with nothing chosen must explain itself, not lose the page.
    with journey.expecting_status("/groups/new", 400):
        page.get_by_role("button", name="Form the group").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    journey.check("new-group-errors", screenshot=False)

    page.get_by_label("Name of the security group").fill(name)
    page.get_by_label("Municipality").select_option(label="Lisboa")
    page.get_by_label("Neighbourhoods it covers").select_option(label=f"{neighbourhood} (Lisboa)")
    page.get_by_label("Short description").fill(f"Community policing partnership for {neighbourhood}.")
    page.get_by_role("button", name="Form the group").click()

    page.wait_for_url(re.compile(r"/groups/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status")).to_contain_text(f"The security group {name} is formed")
    expect(page.get_by_text(f"{neighbourhood} · Lisboa")).to_be_visible()
    journey.check("group-formed")


def test_planner_forms_a_group_and_follows_the_steps(new_journey, size):
    journey = new_journey("planner", size)
    neighbourhood = NEIGHBOURHOOD[size]
    name = f"Grupo de Segurança de {neighbourhood}"

    sign_in(journey, "planner@demo.example", check_as="sign-in")
    expect(journey.page.get_by_role("heading", level=1)).to_contain_text("Hello, Paulo Planeamento")
    journey.check("dashboard")

    form_group(journey, name, neighbourhood)
    steps = journey.page.locator("ol.steps > li")
    expect(steps).to_have_count(4)
    expect(steps.nth(0)).to_contain_text("Step 1: Form the security group")
    expect(steps.nth(0)).to_contain_text("Invite the member organisations.")

    # The new group is on the planner's dashboard, Step 1 not yet complete.
    journey.page.get_by_role("link", name="Dashboard").click()
    card = journey.page.locator(".card", has=journey.page.get_by_role("link", name=name))
    expect(card).to_contain_text("Step 1:")
    expect(card.locator(".step-strip li").first).not_to_contain_text("Complete")

    # Steps 3 and 4 (team profile, recruitment and training) and evaluation cycles are not
    # built in this product yet: the journey stops where the product stops.
    journey.assert_clean()
