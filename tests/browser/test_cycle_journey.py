"""Journey: the Marvila planner runs an evaluation cycle, then a resident reads “You said, we did”.

Log engagement offline and online, record an online signal (refused while it names a handle),
work a priority to a verdict and close it at a meeting, compare the survey rounds of the closed
cycle, close the open cycle with its report, and see the public page without signing in.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import Journey, sign_in

pytestmark = pytest.mark.browser

GROUP = "Grupo de Segurança de Marvila"


def open_cycles(journey: Journey) -> None:
    page = journey.page
    page.get_by_role("link", name="Security groups").first.click()
    page.get_by_role("link", name=GROUP).first.click()
    page.get_by_role("navigation", name="This security group").get_by_role("link", name="Evaluation cycles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation cycles")
    journey.check("cycles", doc=True)


def cycle_tab(journey: Journey, name: str) -> None:
    journey.page.get_by_role("navigation", name="This evaluation cycle").get_by_role("link", name=name).click()


def log_engagement(journey: Journey) -> None:
    page = journey.page
    cycle_tab(journey, "Engagement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community integration: engagement log")
    page.get_by_label("Activity", exact=True).select_option(label="Foot patrol")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Marvila")
    page.get_by_label("Place (street, school, online group)").fill("Rua Direita de Marvila")
    page.get_by_label("Contacts made").fill("18")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("status")).to_contain_text("Activity added to the log.")
    page.get_by_label("Activity", exact=True).select_option(label="Live chat")
    page.get_by_label("Platform (online activities)").select_option(label="Instagram")
    page.get_by_label("Contacts made").fill("31")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("status")).to_contain_text("Activity added to the log.")
    expect(page.get_by_role("row", name=re.compile("Live chat Instagram"))).to_be_visible()
    journey.check("engagement", doc=True)


def record_signal(journey: Journey) -> None:
    page = journey.page
    cycle_tab(journey, "Online signals")
    path = re.sub(r"^https?://[^/]+", "", page.url)
    page.get_by_label("Platform", exact=True).select_option(label="Facebook")
    page.get_by_label("Theme").select_option(label="Hostile or hateful content")
    description = page.get_by_label("The trend (never a person)")
    description.fill("Hostile posts against newcomers, mostly by @vizinho_zangado")
    page.get_by_label("Referred to").select_option(label="Internet referral unit")
    with journey.expecting_status(path, 400):
        page.get_by_role("button", name="Record the signal").click()
    expect(page.get_by_role("alert")).to_contain_text("a user name (@handle)")
    expect(page.get_by_role("alert")).to_contain_text("never a person")
    journey.check("signal-refused", screenshot=True)
    description.fill("Rising hostile posts against newcomer families in a local residents' group")
    page.get_by_role("button", name="Record the signal").click()
    expect(page.get_by_role("status")).to_contain_text("Signal recorded.")
    expect(page.get_by_text("Rising hostile posts against newcomer families")).to_be_visible()
    journey.check("signals")


def work_priority(journey: Journey) -> None:
    page = journey.page
    cycle_tab(journey, "Priorities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priorities")
    page.get_by_role("table").get_by_role("link").first.click()
    page.get_by_label("Action", exact=True).fill("Evening foot patrol at the station stairs")
    page.get_by_label("Owner (organisation or role)").fill("PSP — 32.ª Esquadra")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("status")).to_contain_text("Action added.")
    for select in page.get_by_label(re.compile("^Status of")).all():
        select.select_option(label="Done")
        select.locator("xpath=..").get_by_role("button", name="Update").click()
        expect(page.get_by_role("status")).to_contain_text("Action status updated.")
    page.get_by_label("Improved", exact=True).check()
    page.get_by_label("Displacement or diffusion of benefits").select_option(label="Neither seen")
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_role("status")).to_contain_text("The problem-solving record is saved.")
    expect(page.get_by_text("Carried out and improved: credible evidence the response worked").first).to_be_visible()
    journey.check("priority-verdict", doc=True)
    page.get_by_label("Meeting where the group agreed").select_option(index=1)
    page.get_by_role("button", name="Close the priority").click()
    expect(page.get_by_role("status")).to_contain_text("The priority is closed, as the group decided.")
    expect(page.get_by_role("button", name="Reopen the priority")).to_be_visible()


def compare_rounds(journey: Journey) -> None:
    page = journey.page
    page.get_by_role("link", name="Evaluation cycles").first.click()
    page.get_by_role("link", name="Cycle 1", exact=True).click()
    cycle_tab(journey, "Follow-up round")
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up round: what changed")
    whole = page.get_by_role("table").first
    expect(whole.get_by_role("row", name=re.compile("Confidence in the local police"))).to_contain_text("95% CI")
    expect(whole).to_contain_text("Improved")
    journey.check("comparison", doc=True)


def close_cycle(journey: Journey) -> None:
    page = journey.page
    page.get_by_role("link", name="Evaluation cycles").first.click()
    page.get_by_role("link", name="Cycle 2", exact=True).click()
    cycle_tab(journey, "Report")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report of evaluation cycle 2")
    journey.check("report")
    page.get_by_label("What the cycle taught the group").fill("Evening patrols at the stairs work; keep them.")
    page.get_by_label("Meeting where the group agreed").select_option(index=1)
    page.get_by_role("button", name="Adopt the report").click()
    expect(page.get_by_role("status")).to_contain_text("The report is adopted and cycle 2 is closed.")
    journey.check("cycles-after-close")


def test_planner_runs_a_cycle_and_the_public_sees_it(new_journey):
    journey = new_journey("cycle", "desktop")
    page = journey.page
    sign_in(journey, "planner@demo.example")
    open_cycles(journey)
    page.get_by_role("link", name="Cycle 2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation cycle 2")
    journey.check("cycle-phases", doc=True)
    log_engagement(journey)
    record_signal(journey)
    work_priority(journey)
    compare_rounds(journey)
    close_cycle(journey)
    public_link = page.get_by_role("link", name="You said, we did: Marvila")
    href = public_link.get_attribute("href")
    journey.assert_clean()

    # A resident, not signed in, on a phone, in Portuguese.
    resident = new_journey("cycle-public", "phone", locale="pt-PT")
    resident.goto(href + "?lang=pt")
    expect(resident.page.get_by_role("heading", level=1)).to_have_text("Disseram, fizemos: Marvila")
    expect(resident.page.get_by_text("Evening foot patrol at the station stairs").first).to_be_visible()
    expect(resident.page.get_by_role("link", name="CSV")).to_be_visible()
    resident.check("public", doc=True)
    resident.assert_clean()
