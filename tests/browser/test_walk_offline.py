"""Journey: a safety walk recorded on a phone, with the network switched off halfway; every stop arrives once."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.harness import sign_in

pytestmark = pytest.mark.browser

OFFLINE_NOISE = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch")


def _demo_walk(live_server):
    from assessments.walks.models import Walk
    from partnership.extensions import db

    with live_server.app_context():
        walk = db.session.scalars(select(Walk).order_by(Walk.id)).first()
        return walk.group_id, walk.id


def _stop_labels(live_server, walk_id):
    from assessments.walks.models import WalkStop
    from partnership.extensions import db

    with live_server.app_context():
        return [s.label for s in db.session.scalars(select(WalkStop).where(WalkStop.walk_id == walk_id))]


def _record(page, label: str, lighting: str) -> None:
    page.get_by_label("Stop name").fill(label)
    page.get_by_label(lighting, exact=True).check()
    page.get_by_label("Notes").fill(f"notes for {label}")
    page.get_by_role("button", name="Save the stop").click()


def _wait_cached(page, path: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if page.evaluate("p => caches.match(p).then(r => !!r)", path):
            return
        time.sleep(0.2)
    raise AssertionError(f"{path} was never cached by the service worker")


def test_walk_recorded_offline_arrives_once(new_journey, live_server):
    journey = new_journey("walk-offline", "phone", service_workers="allow")
    page = journey.page
    group_id, walk_id = _demo_walk(live_server)
    before = _stop_labels(live_server, walk_id)
    sign_in(journey, "planner@demo.example")
    path = f"/groups/{group_id}/walks/{walk_id}/record"
    journey.goto(path)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    _wait_cached(page, path)
    journey.check("walk-record", doc=True)

    _record(page, "Online stop", "2 – Enough light")
    expect(page.get_by_role("status")).to_contain_text("Sent")
    expect(page.locator("#outbox-count")).to_have_text("none")

    journey.context.set_offline(True)
    page.reload()  # the page now comes from the phone's cache
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a stop")
    _record(page, "Offline stop A", "0 – No light")
    expect(page.get_by_role("status")).to_contain_text("Saved on this phone")
    _record(page, "Offline stop B", "1 – Little light")
    expect(page.locator("#outbox-count")).to_have_text("2")
    journey.check("walk-record-offline", screenshot=True)
    assert _stop_labels(live_server, walk_id) == before + ["Online stop"]

    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")  # as the browser does when the signal returns
    expect(page.locator("#outbox-count")).to_have_text("none")
    expect(page.get_by_role("status")).to_contain_text("All stops saved on this phone have been sent")
    # A second send of the same stops (another tab, a lost answer) adds nothing.
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    after = _stop_labels(live_server, walk_id)
    assert after == before + ["Online stop", "Offline stop A", "Offline stop B"]

    journey.goto("/walks/waiting")
    expect(page.locator("#outbox-list")).to_contain_text("Nothing is waiting on this phone")
    journey.check("walk-waiting")
    journey.guard.console_errors[:] = [e for e in journey.guard.console_errors
                                       if not any(n in e for n in OFFLINE_NOISE)]
    journey.assert_clean()


def test_walk_stop_recorded_with_the_keyboard_only(new_journey, live_server):
    journey = new_journey("walk-keyboard", "desktop")
    page = journey.page
    group_id, walk_id = _demo_walk(live_server)
    sign_in(journey, "planner@demo.example")
    journey.goto(f"/groups/{group_id}/walks/{walk_id}")
    journey.check("walk-results", doc=True)
    page.get_by_role("link", name="Record stops").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/walks/{walk_id}/record")
    place = page.get_by_label("Place", exact=True)
    place.focus()
    page.keyboard.press("ArrowDown")  # the first planned stop
    expect(place).to_have_value("route:0")
    page.get_by_label("Not rated").first.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # Not rated -> 0 -> 1 -> 2 -> 3
    expect(page.get_by_label("3 – Bright")).to_be_checked()
    page.get_by_role("button", name="Save the stop").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sent")
    labels = _stop_labels(live_server, walk_id)
    assert labels.count("Chelas station exit") == 2  # the demo stop and this one, at the planned place
    journey.assert_clean()


def _paper_count(live_server):
    from assessments.models import Channel, Response
    from partnership.extensions import db
    from sqlalchemy import func

    with live_server.app_context():
        return db.session.scalar(select(func.count(Response.id)).where(Response.channel == Channel.PAPER))


def test_door_to_door_questionnaires_typed_offline_arrive_once(new_journey, live_server):
    from assessments.models import Survey
    from partnership.extensions import db

    with live_server.app_context():
        survey = db.session.scalars(select(Survey).order_by(Survey.id)).first()
        group_id, survey_id = survey.group_id, survey.id
    before = _paper_count(live_server)
    journey = new_journey("paper-offline", "phone", service_workers="allow")
    page = journey.page
    sign_in(journey, "planner@demo.example")
    path = f"/groups/{group_id}/surveys/{survey_id}/paper"
    journey.goto(path)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    _wait_cached(page, path)  # kept by its path: the blank form's one-time token is in the query
    journey.context.set_offline(True)
    page.reload()
    for _ in range(2):
        page.get_by_label("Neighbourhood written on the form").select_option(index=1)
        page.locator("form[data-outbox] input[type=radio]").first.check()  # a blank sheet is refused
        page.get_by_role("button", name="Save this questionnaire").click()
        expect(page.locator("#outbox-status")).to_contain_text("Saved on this phone")
    expect(page.locator("#outbox-count")).to_have_text("2")
    journey.check("paper-offline")
    assert _paper_count(live_server) == before
    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-count")).to_have_text("none")
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert _paper_count(live_server) == before + 2
    journey.guard.console_errors[:] = [e for e in journey.guard.console_errors
                                       if not any(n in e for n in OFFLINE_NOISE)]
    journey.assert_clean()
