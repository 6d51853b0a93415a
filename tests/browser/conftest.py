"""Browser fixtures: the real app served on a local port with a fresh database, and Debian's Chromium.

These fixtures never touch the root conftest's Flask test-client fixtures: the app under
test runs in its own process, exactly as `scripts/serve.sh` would run it.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.harness import ROOT, SIZES, Guard, Journey

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_environment(workdir) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"TEST_DATABASE_URL", "MAP_TILE_URL", "FLASK_APP"}}
    env.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite'}",
        "SECRET_KEY": "browser-tests-only",
        "UPLOAD_FOLDER": str(workdir / "uploads"),
        # Journeys sign in many times from one address; the real limit is tested elsewhere.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LANGUAGES": "en,pt,es",
        "PYTHONUNBUFFERED": "1",
        # Survey maps draw this local layer of streets and landmarks (there is no tile server).
        "MAP_CONTEXT_LAYER": str(ROOT / "data" / "demo" / "marvila-context.geojson"),
    })
    return env


def _flask(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


@dataclass
class LiveServer:
    url: str
    database_url: str
    upload_folder: str

    @contextmanager
    def app_context(self):
        """The same database, from the test process: to set up data and to check what a journey stored."""
        from partnership import create_app
        from partnership.extensions import db

        app = create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "SECRET_KEY": "browser-tests-only",
                          "UPLOAD_FOLDER": self.upload_folder})
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app on a free local port over a fresh SQLite file, migrated and seeded with the demo."""
    workdir = tmp_path_factory.mktemp("browser-app")
    env = _server_environment(workdir)
    _flask(env, "db", "upgrade")
    _flask(env, "seed-demo")
    port = _free_port()
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--threads", "8", "--timeout", "120", "--access-logfile", "-", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, server, log_path)
        yield LiveServer(base_url, env["DATABASE_URL"], env["UPLOAD_FOLDER"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        errors = [line for line in log_path.read_text(errors="replace").splitlines() if "Traceback" in line]
        if errors:
            print(f"\nserver log {log_path} holds {len(errors)} traceback(s)")


def _wait_until_healthy(base_url: str, server: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the app server exited with {server.returncode}:\n{log_path.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    server.terminate()
    pytest.fail(f"the app server did not answer /healthz within {STARTUP_SECONDS}s:\n{log_path.read_text()}",
                pytrace=False)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs the Debian chromium package", pytrace=False)
    with sync_playwright() as playwright:
        # launch() gives every run a fresh, throwaway user-data-dir.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_journey(chromium, live_server) -> Iterator:
    """Open a fresh browser context (no cookies, no cache) at a named screen size for a named journey."""
    journeys: list[Journey] = []

    def _open(name: str, size: str, *, locale: str = "en-GB", service_workers: str = "block") -> Journey:
        # service_workers="allow" only for journeys that prove the offline mode (the Guard still sees page requests).
        context = chromium.new_context(**SIZES[size], locale=locale, timezone_id="Europe/Lisbon",
                                       service_workers=service_workers, device_scale_factor=1)
        context.set_default_timeout(15_000)
        guard = Guard()
        guard.attach(context)
        page = context.new_page()
        journey = Journey(name=name, size=size, base_url=live_server.url, context=context, page=page, guard=guard)
        journeys.append(journey)
        return journey

    yield _open
    for journey in journeys:
        journey.context.close()


@pytest.fixture(params=sorted(SIZES), ids=lambda size: size)
def size(request) -> str:
    return request.param
