"""The checks the journeys rely on must themselves fail on a broken page, or they prove nothing."""
from __future__ import annotations

import pytest

from tests.browser.harness import run_axe

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Broken</title>
<script src="https://cdn.example.net/lib.js"></script></head>
<body><main><h1>Broken</h1><img src="/static/img/favicon.svg">
<button></button><script>console.error("broken on purpose")</script></main></body></html>"""


def test_harness_catches_external_requests_console_errors_and_axe_violations(new_journey):
    journey = new_journey("harness", "desktop")
    # Served at a local URL by the browser itself, so the real app stays untouched.
    journey.page.route(journey.url("/__broken"), lambda route: route.fulfill(
        status=200, content_type="text/html", body=BROKEN_PAGE))
    journey.page.goto(journey.url("/__broken"))
    journey.page.wait_for_load_state("load")

    assert journey.guard.external_requests == [
        f"script https://cdn.example.net/lib.js (from {journey.url('/__broken')})"]
    assert any("broken on purpose" in error for error in journey.guard.console_errors)
    problems = run_axe(journey.page)
    assert any(p.startswith("critical image-alt") for p in problems), problems
    assert any(p.startswith("critical button-name") for p in problems), problems
    with pytest.raises(AssertionError, match="request outside the local server"):
        journey.check("broken", screenshot=False)
        journey.assert_clean()


def test_the_apps_csp_reports_an_inline_script_without_nonce_as_a_console_error(new_journey):
    journey = new_journey("harness", "phone")
    journey.goto("/")
    journey.page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.injected = 1';
        document.body.appendChild(s);
    }""")
    journey.page.wait_for_timeout(200)
    assert journey.page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in error for error in journey.guard.console_errors), \
        journey.guard.console_errors


def test_home_and_sign_in_pages_are_clean(new_journey, size):
    journey = new_journey("public", size)
    journey.goto("/")
    journey.check("home", doc=True)
    journey.goto("/auth/login")
    journey.check("sign-in")
    journey.assert_clean()
