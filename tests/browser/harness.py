"""What every browser journey shares: the guard on requests and console, axe-core, screenshots, sign-in."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
DEMO_PASSWORD = "demo-password-2026"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Every run writes every checked page here (gitignored, for CI artefacts); UPDATE_SCREENSHOTS=1 also
# refreshes the committed screenshots of the key pages (check(..., doc=True)) in docs/screenshots.
ARTIFACT_SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@dataclass
class Guard:
    """Records what a journey must never do: leave the local server, log a console error, hit a server error."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    # (path, status) pairs a journey asked for: a form re-shown with 400 is the app's answer, not a fault.
    expected_statuses: set[tuple[str, int]] = field(default_factory=set)

    def attach(self, context: BrowserContext) -> None:
        # Contexts are made with service_workers="block", so every request of every page passes here.
        context.route("**/*", self._route)
        context.on("page", self.watch)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: uncaught {error}"))
        page.on("response", self._response)

    def _route(self, route: Route, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.external_requests.append(f"{request.resource_type} {request.url} (from {request.frame.url})")
            route.abort("blockedbyclient")
            return
        route.continue_()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location or {}
            path = urlsplit(location.get("url", "")).path
            for expected in self.expected_statuses:
                if (path, expected[1]) == expected and message.text.startswith(
                        f"Failed to load resource: the server responded with a status of {expected[1]}"):
                    return
            self.console_errors.append(f"{location.get('url', '?')}:{location.get('lineNumber', '?')}: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def problems(self) -> list[str]:
        return ([f"request outside the local server: {r}" for r in self.external_requests]
                + [f"console error: {c}" for c in self.console_errors]
                + [f"server error: {s}" for s in self.server_errors])


@dataclass
class Journey:
    """One person's walk through the product at one screen size, checked page by page."""

    name: str
    size: str
    base_url: str
    context: BrowserContext
    page: Page
    guard: Guard
    violations: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, f"GET {path} answered {response and response.status}"
        return response

    @contextmanager
    def expecting_status(self, path: str, status: int):
        """Within the block, the document at `path` must answer `status` (e.g. 400 for a refused form)."""
        # The browser reports the status on the console a moment later, so the allowance stays for
        # the rest of the journey; it only ever covers this exact path and status.
        self.guard.expected_statuses.add((path, status))
        with self.page.expect_response(lambda r: urlsplit(r.url).path == path
                                       and r.request.resource_type == "document") as response:
            yield
        self.page.wait_for_load_state("load")
        assert response.value.status == status, f"expected {path} to answer {status}, got {response.value.status}"

    def check(self, label: str, *, screenshot: bool = True, doc: bool = False) -> None:
        """Run axe-core on the page as it is now and save its screenshot under `label` (`doc`: a key page)."""
        self.page.wait_for_load_state("load")
        self.visited.append(f"{label}: {self.page.url}")
        for problem in run_axe(self.page):
            self.violations.append(f"[{self.size}] {label} ({self.page.url}): {problem}")
        if screenshot or doc:
            self.screenshot(label, doc=doc)

    def screenshot(self, label: str, *, doc: bool = False) -> None:
        filename = f"{self.name}-{label}-{self.size}.png"
        refresh_docs = doc and os.environ.get("UPDATE_SCREENSHOTS") == "1"
        folders = [ARTIFACT_SCREENSHOTS] + ([DOC_SCREENSHOTS] if refresh_docs else [])
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            # Viewport only: small files, and what a person sees first.
            self.page.screenshot(path=str(folder / filename), animations="disabled", caret="initial")

    def assert_clean(self) -> None:
        """The journey's verdict: nothing left the machine, nothing broke, no serious accessibility barrier."""
        problems = self.guard.problems() + [f"accessibility: {v}" for v in self.violations]
        assert not problems, f"{self.name} at {self.size} size:\n  " + "\n  ".join(problems)
        assert self.visited, "a journey that checks no page proves nothing"


@lru_cache(maxsize=None)
def _catalogue(lang: str):
    from babel.support import Translations

    from partnership.i18n import translation_directories

    merged = Translations()
    for folder in translation_directories().split(";"):
        merged.merge(Translations.load(folder, [lang]))
    return merged


def tr(lang: str, msgid: str, **values) -> str:
    """`msgid` as the app shows it in `lang` (compiled catalogues), so a journey checks the real translation."""
    text = _catalogue(lang).gettext(msgid) if lang != "en" else msgid
    return text % values if values else text


def run_axe(page: Page) -> list[str]:
    """The serious and critical axe-core violations on the page, one line per failing element."""
    # Evaluated through the DevTools protocol, so the page's strict CSP needs no exception for the test.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                          summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')}))}));
        }"""
    )
    problems = []
    for violation in result:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            problems.append(f"{violation['impact']} {violation['id']} ({violation['help']}) at {node['target']}: "
                            f"{node['html']} -- {node['summary']}")
    return problems


def sign_in(journey: Journey, email: str, password: str = DEMO_PASSWORD, *, check_as: str | None = None) -> None:
    """Sign in through the real form, as a person would."""
    page = journey.page
    journey.goto("/auth/login")
    if check_as:
        journey.check(check_as)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url(re.compile(r"/dashboard"))


def sign_out(journey: Journey) -> None:
    """Sign out with the header button; the next person starts from a signed-out browser."""
    page = journey.page
    open_menu_if_collapsed(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def open_menu_if_collapsed(page: Page) -> None:
    """On a phone the header may fold its tools behind a menu button; open it if there is one."""
    toggle = page.locator("header [aria-controls][aria-expanded='false']").first
    if toggle.count() and toggle.is_visible():
        toggle.click()
