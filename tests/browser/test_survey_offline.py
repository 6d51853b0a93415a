"""Journeys with no signal: a resident's multi-page survey finished offline, checked on the phone and sent once;
a refused record in the waiting list; a walk route drawn on the map; the keyboard-only path."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.harness import sign_in, tr

pytestmark = pytest.mark.browser

OFFLINE_NOISE = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch")
FEEL = {"en": "How do you feel on your street at night?", "pt": "Como se sente na sua rua à noite?",
        "es": "¿Cómo se siente en su calle de noche?"}


def _survey(live_server, title: str) -> tuple[int, str]:
    """Three pages: a required choice, a number from 0 to 20, and (only if unsafe) a text of at most 10 characters."""
    from assessments import builder
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup

    with live_server.app_context():
        group = db.session.scalar(select(SecurityGroup).where(SecurityGroup.name == "Grupo de Segurança de Marvila"))
        survey = builder.create_survey(group, title={"en": title, "pt": title, "es": title}, languages=["en", "pt", "es"])
        builder.add_question(survey, code="feel", type="single", label=FEEL, required=True, config={"options": [
            {"value": "safe", "label": {"en": "Safe", "pt": "Seguro", "es": "Seguro"}},
            {"value": "unsafe", "label": {"en": "Unsafe", "pt": "Inseguro", "es": "Inseguro"}}]})
        builder.add_question(survey, code="times", type="numeric", required=True, new_page=True, config={"min": 0, "max": 20},
                             label={"en": "How many nights a week do you go out?", "pt": "Quantas noites por semana sai?",
                                    "es": "¿Cuántas noches por semana sale?"})
        builder.add_question(survey, code="why", type="text", new_page=True, config={"max_length": 10},
                             show_if_code="feel", show_if_values=["unsafe"],
                             label={"en": "Why, in a word?", "pt": "Porquê, numa palavra?", "es": "¿Por qué, en una palabra?"})
        builder.set_status(survey, "open")
        return survey.id, survey.slug


def _responses(live_server, survey_id: int) -> list[dict]:
    from assessments.models import Answer, AnswerDraft, Question, Response
    from partnership.extensions import db

    with live_server.app_context():
        codes = {q.id: q.code for q in db.session.scalars(select(Question).where(Question.survey_id == survey_id))}
        result = []
        for response in db.session.scalars(select(Response).where(Response.survey_id == survey_id)):
            answers = {codes[a.question_id]: a.option or a.text or a.number
                       for a in db.session.scalars(select(Answer).where(Answer.response_id == response.id))}
            result.append({"language": response.language, "answers": answers})
        drafts = db.session.scalar(select(func.count()).select_from(AnswerDraft).where(AnswerDraft.survey_id == survey_id))
        return result if not drafts else result + [{"draft": drafts}]


def _wait_cached(page, *paths: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if all(page.evaluate("p => caches.match(p).then(r => !!r)", p) for p in paths):
            return
        time.sleep(0.2)
    raise AssertionError(f"{paths} were never all cached by the service worker")


def _quiet_offline(journey) -> None:
    journey.guard.console_errors[:] = [e for e in journey.guard.console_errors if not any(n in e for n in OFFLINE_NOISE)]


def test_resident_loses_signal_halfway_through_a_survey_and_the_answers_arrive_once(new_journey, live_server):
    survey_id, slug = _survey(live_server, "Noites em Marvila")
    journey = new_journey("survey-offline", "phone", locale="pt-PT", service_workers="allow")
    page = journey.page
    journey.goto(f"/s/{slug}?lang=pt")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    # Opened once with signal: the phone keeps the survey's one-page form and what it loads.
    _wait_cached(page, f"/s/{slug}/offline/pt", "/static/js/offline-check.js", "/static/js/survey-offline.js",
                 "/static/js/offline-outbox.js")
    journey.check("survey-offline-start")
    page.locator("#nb-none").check()
    page.get_by_role("button", name=tr("pt", "Start the survey")).click()
    page.get_by_label("Inseguro").check()
    page.get_by_role("button", name=tr("pt", "Next")).click()
    expect(page.get_by_label("Quantas noites por semana sai?")).to_be_visible()

    # Signal lost on page 2: Next opens the offline form, with page 1's answer and this page's.
    journey.context.set_offline(True)
    page.get_by_label("Quantas noites por semana sai?").fill("25")
    page.get_by_role("button", name=tr("pt", "Next")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pt", "All questions on one page"))
    expect(page.get_by_label("Inseguro")).to_be_checked()
    expect(page.get_by_label("Quantas noites por semana sai?")).to_have_value("25")
    # The skip rule holds on the phone: "why" is asked because the answer was "unsafe".
    expect(page.get_by_label("Porquê, numa palavra?")).to_be_visible()
    page.get_by_label("Porquê, numa palavra?").fill("muito escuro aqui")
    page.get_by_role("button", name=tr("pt", "Save my answers")).click()

    # Checked on the phone with the server's rules, in Portuguese, before anything waits.
    summary = page.locator(".error-summary.offline-error")
    expect(summary).to_be_focused()
    expect(page.locator("#q-times .error-message")).to_contain_text(
        tr("pt", "Please enter a number of at most %(max)s.", max=20))
    expect(page.locator("#q-why .error-message")).to_contain_text(
        tr("pt", "This answer has %(count)d characters; please shorten it to %(limit)d or fewer.", count=17, limit=10))
    journey.check("survey-offline-errors", doc=True)
    expect(page.locator("#outbox-list")).to_contain_text(tr("pt", "Nothing is waiting on this phone."))

    page.get_by_label("Quantas noites por semana sai?").fill("3")
    page.get_by_label("Porquê, numa palavra?").fill("escuro")
    page.get_by_role("button", name=tr("pt", "Save my answers")).click()
    expect(page.locator("#outbox-status")).to_contain_text(tr("pt", "Saved on this phone, will be sent when the connection returns."))
    expect(page.locator("#outbox-list li")).to_have_count(1)
    expect(page.locator(".offline-error")).to_have_count(0)
    # Nothing personal is kept beyond the outbox: the tab's copy of the pages' answers is gone.
    assert page.evaluate(f"sessionStorage.getItem('sn-survey:{slug}')") is None
    journey.check("survey-offline-saved", doc=True)
    assert [r for r in _responses(live_server, survey_id) if "draft" not in r] == []

    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-list")).to_contain_text(tr("pt", "Nothing is waiting on this phone."))
    # Sent once, removed from the phone; the draft begun online is gone from the server too.
    stored = _responses(live_server, survey_id)
    assert stored == [{"language": "pt", "answers": {"feel": "unsafe", "times": 3.0, "why": "escuro"}}]
    assert page.evaluate("localStorage.getItem('sn-offline-outbox')") == "[]"
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert len(_responses(live_server, survey_id)) == 1
    _quiet_offline(journey)
    journey.assert_clean()


def test_a_refused_answer_waits_with_its_reason_until_it_is_discarded(new_journey, live_server):
    from assessments import builder
    from assessments.models import Survey
    from partnership.extensions import db

    survey_id, slug = _survey(live_server, "Closed while waiting")
    journey = new_journey("survey-refused", "phone", service_workers="allow")
    page = journey.page
    journey.goto(f"/s/{slug}/offline/en")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    journey.context.set_offline(True)
    page.get_by_label("Safe", exact=True).check()
    page.get_by_label("How many nights a week do you go out?").fill("2")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator("#outbox-status")).to_contain_text("Saved on this phone")
    # Meanwhile the group closes the survey: when the answers arrive, the server refuses them.
    with live_server.app_context():
        builder.set_status(db.session.get(Survey, survey_id), "closed")
    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    item = page.locator("#outbox-list li")
    expect(item).to_contain_text("Not accepted: This survey is closed and no longer takes answers.")
    expect(item.get_by_role("button", name="Correct it")).to_be_visible()
    journey.check("survey-refused", doc=True)
    # Never dropped in silence: it stays until the person chooses to discard it, also on the page
    # that now says the survey is closed.
    with journey.expecting_status(f"/s/{slug}/offline/en", 410):
        page.reload()
    expect(page.locator("#outbox-list li")).to_contain_text("Not accepted")
    journey.check("survey-refused-closed")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#outbox-list li").get_by_role("button", name="Discard").click()
    expect(page.locator("#outbox-list")).to_contain_text("Nothing is waiting on this phone.")
    assert _responses(live_server, survey_id) == []
    _quiet_offline(journey)
    # The refusal itself is the 400 the console reports.
    journey.guard.console_errors[:] = [e for e in journey.guard.console_errors
                                       if not (f"/s/{slug}/offline:" in e and "status of 400" in e)]
    journey.assert_clean()


def test_offline_form_with_the_keyboard_only(new_journey, live_server):
    survey_id, slug = _survey(live_server, "Keyboard nights")
    journey = new_journey("survey-offline-keyboard", "desktop", locale="es-ES")
    page = journey.page
    journey.goto(f"/s/{slug}/offline/es")
    journey.check("survey-offline-form-es")
    page.locator("#nb-none").focus()
    page.keyboard.press("Space")
    page.locator("#q-feel-safe").focus()
    page.keyboard.press("Space")
    expect(page.locator("#q-feel-safe")).to_be_checked()
    # "why" is asked only when unsafe: it is hidden, and nothing is typed into the number yet.
    expect(page.locator("#q-why")).to_be_hidden()
    page.get_by_role("button", name=tr("es", "Save my answers")).focus()
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary.offline-error")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(tr("es", "Please answer this question."))
    # The summary's link leads to the question; the fix is typed and saved with Enter.
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.locator("#q-times-input").focus()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(page.locator("#outbox-list")).to_contain_text(tr("es", "Nothing is waiting on this phone."))
    expect(page.locator("#outbox-status")).to_contain_text(
        tr("es", "Sent: your answers have arrived and were removed from this phone. Thank you."))
    assert _responses(live_server, survey_id) == [{"language": "es", "answers": {"feel": "safe", "times": 4.0}}]
    journey.assert_clean()


def test_planner_draws_a_walk_route_on_the_map(new_journey, live_server):
    from assessments.walks.models import Walk
    from partnership.extensions import db

    with live_server.app_context():
        group_id = db.session.scalars(select(Walk).order_by(Walk.id)).first().group_id
    journey = new_journey("walk-route", "desktop")
    page = journey.page
    sign_in(journey, "planner@demo.example")
    journey.goto(f"/groups/{group_id}/walks/plan")
    journey.check("walk-plan", doc=True)
    page.get_by_label("Route name").fill("Drawn night loop")
    page.get_by_label("Date").fill("2026-12-04")
    page.get_by_label("Planned stops, one per line").fill("Station exit\nUnderpass")
    canvas = page.locator(".walk-route-map .folium-map")
    canvas.scroll_into_view_if_needed()
    page.locator(".leaflet-draw-draw-polyline").click()
    box = canvas.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-60, -40), (0, 10), (60, 40)):
        page.mouse.click(cx + dx, cy + dy)
        page.wait_for_timeout(150)
    page.mouse.click(cx + 60, cy + 40)  # the last point again finishes the line
    expect(page.locator("#route-line-status")).to_have_text("Route drawn. It is saved with the walk.")
    page.get_by_role("button", name="Plan the walk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drawn night loop")
    with live_server.app_context():
        walk = db.session.scalar(select(Walk).where(Walk.route_name == "Drawn night loop"))
        assert walk.route_line["type"] == "LineString" and len(walk.route_line["coordinates"]) == 3
        assert [s["label"] for s in walk.route] == ["Station exit", "Underpass"]
        walk_id = walk.id
    # Shown under the stops on the recording map and on the results map.
    expect(page.locator(".leaflet-overlay-pane path")).not_to_have_count(0)
    journey.check("walk-route-results")
    journey.goto(f"/groups/{group_id}/walks/{walk_id}/record")
    expect(page.locator("[data-route-line]")).to_have_count(1)
    journey.check("walk-route-record")
    journey.assert_clean()


def test_walk_stop_with_an_error_is_fixed_on_the_phone_before_it_waits(new_journey, live_server):
    from assessments.walks.models import Walk, WalkStop
    from partnership.extensions import db

    with live_server.app_context():
        walk = db.session.scalars(select(Walk).order_by(Walk.id)).first()
        group_id, walk_id = walk.group_id, walk.id
    journey = new_journey("walk-offline-check", "phone", service_workers="allow")
    page = journey.page
    sign_in(journey, "partner@demo.example")
    path = f"/groups/{group_id}/walks/{walk_id}/record"
    journey.goto(path)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    _wait_cached(page, path, "/static/js/offline-check.js")
    journey.context.set_offline(True)
    page.reload()
    page.get_by_label("Stop name").fill("Checked offline")
    page.get_by_label("Latitude").fill("38.75")
    page.get_by_role("button", name="Save the stop").click()
    expect(page.locator(".error-summary.offline-error")).to_contain_text("Give both latitude and longitude, or neither.")
    expect(page.get_by_label("Longitude")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#outbox-count")).to_have_text("none")
    journey.check("walk-offline-error")
    page.get_by_label("Longitude").fill("-9.11")
    page.get_by_role("button", name="Save the stop").click()
    expect(page.locator("#outbox-status")).to_contain_text("Saved on this phone")
    expect(page.locator("#outbox-count")).to_have_text("1")
    journey.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-count")).to_have_text("none")
    with live_server.app_context():
        stops = db.session.scalars(select(WalkStop).where(WalkStop.label == "Checked offline")).all()
        assert [(s.lat, s.lng) for s in stops] == [(38.75, -9.11)]
    _quiet_offline(journey)
    journey.assert_clean()
