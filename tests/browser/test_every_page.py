"""Beyond the journeys: every page a signed-in person can reach by following links, checked the same way.

Each role starts at its dashboard and follows every same-site link (GET only, nothing is
submitted), at most two pages per URL pattern, so pages added later are covered without
anyone remembering to add them here.
"""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.harness import run_axe, sign_in

pytestmark = pytest.mark.browser

ACCOUNTS = {"planner": "planner@demo.example", "reviewer": "reviewer@demo.example",
            "partner": "partner@demo.example", "admin": "admin@demo.example"}
PER_PATTERN = 2
MAX_PAGES = 80
# Files, not pages: downloads and exports are checked by the packages' own tests.
NOT_PAGES = re.compile(r"(/static/|/export|\.(xlsx|csv|svg|png|geojson|gpkg|json|zip|pdf)$)")

# Known barriers in pages owned by other packages, reported to their owners: (URL pattern, axe rule).
# They are left out of the crawl's verdict so it still catches anything new, and
# test_known_barriers_are_still_there fails as soon as one is fixed, so this list cannot go stale.
# pattern, rule, a page that shows it to a reviewer at phone size, where the fix goes
KNOWN_BARRIER_LIST: list[tuple[str, str, str, str]] = []
KNOWN_BARRIERS = {(pattern_, rule) for pattern_, rule, _, _ in KNOWN_BARRIER_LIST}


def pattern(path: str) -> str:
    return re.sub(r"/\d+", "/N", re.sub(r"/s/[^/]+", "/s/SLUG", path))


def links_on(page, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if url.startswith(base_url) and not NOT_PAGES.search(parts.path):
            found.append(url)
    return found


@pytest.mark.parametrize("role", sorted(ACCOUNTS))
def test_every_page_a_role_can_reach_is_accessible_and_stays_local(new_journey, role, size):
    journey = new_journey(f"every-page-{role}", size)
    page = journey.page
    sign_in(journey, ACCOUNTS[role])
    queue, seen, per_pattern = deque([journey.url("/dashboard")]), set(), {}
    broken, visited = [], 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        key = pattern(urlsplit(url).path) + ("?" + urlsplit(url).query if urlsplit(url).query else "")
        if url in seen or per_pattern.get(key, 0) >= PER_PATTERN:
            continue
        seen.add(url)
        per_pattern[key] = per_pattern.get(key, 0) + 1
        response = page.goto(url)
        visited += 1
        if response is None or response.status >= 400:
            # A link the app shows must lead somewhere this person may go.
            broken.append(f"{url} answered {response and response.status}")
            continue
        journey.visited.append(url)
        for problem in run_axe(page):
            if (pattern(urlsplit(url).path), problem.split()[1]) not in KNOWN_BARRIERS:
                journey.violations.append(f"[{size}] {urlsplit(url).path}: {problem}")
        queue.extend(link for link in links_on(page, journey.base_url) if link not in seen)
    assert not broken, "links that lead nowhere:\n  " + "\n  ".join(broken)
    assert visited >= 5, f"only {visited} pages reached from the {role} dashboard"
    journey.assert_clean()


@pytest.mark.parametrize("path, rule", [
    pytest.param(path, rule, id=path, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=where))
    for _, rule, path, where in KNOWN_BARRIER_LIST
])
def test_known_barriers_are_still_there(new_journey, path, rule):
    """XPASS (so, a failure) as soon as a known barrier is fixed: then delete its KNOWN_BARRIER_LIST entry."""
    journey = new_journey("known-barriers", "phone")
    sign_in(journey, ACCOUNTS["reviewer"])
    journey.goto(path)
    problems = [p for p in run_axe(journey.page) if p.split()[1] == rule]
    assert not problems, "\n".join(problems)
