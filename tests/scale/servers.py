"""Real app processes for fault and scale-out tests: gunicorn as scripts/serve.sh runs it, and a respondent.

Each server is its own process group (gunicorn's master and workers), so `kill()` takes all of
them down at once with SIGKILL, as when a machine or container dies: no worker finishes its
request, nothing is flushed, no handler runs.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Enough polls for a cold start on a busy 2-core machine (create_app imports heavy libraries).
START_POLLS = 600
POLL_SECONDS = 0.1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`gunicorn wsgi:app` on a free port with the given settings (environment variables of config.py)."""

    def __init__(self, *, database_url: str, upload_folder: str, secret_key: str = "test", workers: int = 2,
                 log_path: str | None = None, **settings: str):
        self.env = {**os.environ, "DATABASE_URL": database_url, "UPLOAD_FOLDER": upload_folder,
                    "SECRET_KEY": secret_key, **{k: str(v) for k, v in settings.items()}}
        self.workers = workers
        self.log_path = log_path or os.devnull
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start and wait until it answers /healthz (a bounded number of polls)."""
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers",
                   str(self.workers), "--preload", "--timeout", "60", "wsgi:app"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        for _ in range(START_POLLS):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(POLL_SECONDS)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url} after {START_POLLS} polls")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        """A graceful stop (SIGTERM), then SIGKILL for anything still there."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def __enter__(self) -> "AppServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def field(pattern: re.Pattern, html: str) -> str:
    match = pattern.search(html)
    if not match:
        raise AssertionError(f"no {pattern.pattern!r} in page: {html[:300]!r}")
    return match.group(1)


class Respondent:
    """One browser going through the public survey pages (start, pages with CSRF tokens, review, submit).

    `base` may be changed between steps: the next request then goes to another app process,
    with the same cookies, as behind a load balancer.
    """

    def __init__(self, base: str, slug: str, *, address: str | None = None, timeout: float = 30):
        self.base, self.slug, self.timeout = base, slug, timeout
        self.http = requests.Session()
        if address:  # the respondent's own address, as a reverse proxy reports it (TRUSTED_PROXIES=1)
            self.http.headers["X-Forwarded-For"] = address

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, timeout=self.timeout)

    def post(self, path: str, data: dict, *, follow: bool = False) -> requests.Response:
        return self.http.post(self.base + path, data=data, timeout=self.timeout, allow_redirects=follow)

    def start(self) -> requests.Response:
        page = self.get(f"/s/{self.slug}")
        page.raise_for_status()
        return self.post(f"/s/{self.slug}", {"csrf_token": field(CSRF, page.text), "language": "en",
                                             "neighbourhood_id": "none"})

    def answer_page(self, number: int, answers: dict) -> requests.Response:
        page = self.get(f"/s/{self.slug}/p/{number}")
        page.raise_for_status()
        return self.post(f"/s/{self.slug}/p/{number}", {"csrf_token": field(CSRF, page.text), **answers})

    def review(self) -> tuple[str, str]:
        """The review page's CSRF token and submission key."""
        page = self.get(f"/s/{self.slug}/review")
        page.raise_for_status()
        return field(CSRF, page.text), field(SUBMISSION_KEY, page.text)

    def submit(self, csrf: str, key: str) -> bool:
        """Send the review form; True when the thank-you page came back (the acknowledgement)."""
        done = self.post(f"/s/{self.slug}/submit", {"csrf_token": csrf, "submission_key": key}, follow=True)
        return done.status_code == 200 and done.url.endswith(f"/s/{self.slug}/thanks") and "Thank you" in done.text
