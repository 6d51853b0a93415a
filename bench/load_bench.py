"""Load: many concurrent respondents through the public survey pages against four gunicorn workers.

    python bench/load_bench.py [--quick] [--postgres URL]

200 respondents (threads, each its own cookies and its own address behind one trusted proxy)
answer a three-page survey for 60 seconds, again and again: the start page, each page with
its CSRF token, the review, submit and the thank-you page (11 requests a questionnaire),
against `gunicorn --workers 4 wsgi:app` as in the README. Counted: requests, acknowledged
questionnaires, errors (anything but the expected status, a timeout or a refused connection)
and, apart, deliberate rate limits (429). Latency is per request, from send to last byte.

The baseline, measured in the same run against the same server by the same 200 clients for
a quarter of the time: GET /healthz (no database, no template). The ratio is p95 of the
survey requests over p95 of /healthz: what the pages cost beyond queueing for a worker.

The issue's figure is on PostgreSQL (`--postgres URL`, or the runner's database_url); without
one the full run is reported as not run, and --quick (10 clients for 5 s) runs on a temporary
SQLite file so the smoke test still exercises the whole path.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FIGURE = "{clients} concurrent respondents for {seconds} s, public survey flow, gunicorn 4 workers"
GOAL = "0 errors (429 counted apart); p50/p95 reported"
PAGES = {1: {"q_feel": "safe"}, 2: {"q_night": "unsafe"}, 3: {"q_police": "unsure"}}
WORKERS = 4


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.rate_limited = 0
        self.acknowledged = 0

    def request(self, send, expected: int):
        """Time one request; count it as an error or a rate limit unless it has the expected status."""
        import requests

        started = time.perf_counter()
        try:
            response = send()
        except requests.RequestException as error:
            self._error(type(error).__name__)
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies.append(elapsed)
        if response.status_code == 429:
            with self.lock:
                self.rate_limited += 1
            return None
        if response.status_code != expected:
            self._error(f"HTTP {response.status_code}")
            return None
        return response

    def _error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1


def _questionnaire(base: str, slug: str, address: str, tally: Tally) -> None:
    import requests

    from tests.scale.servers import CSRF, SUBMISSION_KEY

    http = requests.Session()
    http.headers["X-Forwarded-For"] = address

    def get(path):
        return tally.request(lambda: http.get(base + path, timeout=60), 200)

    def post(path, data):
        return tally.request(lambda: http.post(base + path, data=data, timeout=60, allow_redirects=False), 302)

    def token(page, pattern=CSRF):
        match = pattern.search(page.text)
        if not match:
            tally._error("page without its form")
        return match.group(1) if match else None

    page = get(f"/s/{slug}")
    if page is None or not (csrf := token(page)):
        return
    if post(f"/s/{slug}", {"csrf_token": csrf, "language": "en", "neighbourhood_id": "none"}) is None:
        return
    for number, answers in PAGES.items():
        page = get(f"/s/{slug}/p/{number}")
        if page is None or not (csrf := token(page)):
            return
        if post(f"/s/{slug}/p/{number}", {"csrf_token": csrf, **answers}) is None:
            return
    page = get(f"/s/{slug}/review")
    if page is None or not (csrf := token(page)) or not (key := token(page, SUBMISSION_KEY)):
        return
    if post(f"/s/{slug}/submit", {"csrf_token": csrf, "submission_key": key}) is None:
        return
    thanks = get(f"/s/{slug}/thanks")
    if thanks is not None:
        with tally.lock:
            tally.acknowledged += 1


def _run_clients(clients: int, seconds: float, work) -> None:
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        done = 0
        while time.monotonic() < deadline:
            done += 1
            work(number, done)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _survey_slug() -> str:
    """Tables, one municipality and security group, and an open three-page survey; returns its slug."""
    from assessments import builder
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup
    from partnership.neighbourhoods.models import Municipality, Neighbourhood

    db.create_all()
    municipality = Municipality(name="Load", code="LOAD")
    db.session.add(municipality)
    db.session.add(Neighbourhood(municipality=municipality, name="Bairro", code="LOAD-1"))
    group = SecurityGroup(name="Load test group", municipality=municipality)
    db.session.add(group)
    db.session.commit()
    survey = builder.create_survey(group, title={"en": "Load"}, languages=["en"])
    options = {"options": [{"value": v, "label": {"en": v}} for v in ("safe", "unsafe", "unsure")]}
    for number, code in enumerate(("feel", "night", "police")):
        builder.add_question(survey, code=code, type="single", label={"en": code}, config=options, required=True,
                             new_page=number > 0)
    builder.set_status(survey, "open")
    return survey.slug


def _load(database_url: str, folder: str, clients: int, seconds: float, baseline_seconds: float) -> dict:
    from partnership import create_app
    from partnership.extensions import db
    from tests.scale.servers import AppServer

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        try:
            slug = _survey_slug()
            server = AppServer(database_url=database_url, upload_folder=os.path.join(folder, "uploads"),
                               secret_key="bench", workers=WORKERS, TRUSTED_PROXIES="1",
                               log_path=os.path.join(folder, "gunicorn.log"))
            try:
                server.start()
                import requests

                baseline = Tally()
                _run_clients(clients, baseline_seconds, lambda n, i: baseline.request(
                    lambda: requests.get(server.url + "/healthz", timeout=60), 200))
                flow = Tally()
                started = time.monotonic()
                # Its own address per client (a new one every 25 questionnaires): people, not one robot.
                _run_clients(clients, seconds, lambda n, i: _questionnaire(
                    server.url, slug, f"10.{n // 250}.{n % 250}.{i // 25 + 1}", flow))
                elapsed = time.monotonic() - started
            finally:
                server.stop()
            from assessments.models import Response

            stored = db.session.query(Response).count()
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    return {"flow": flow, "baseline": baseline, "elapsed": elapsed, "stored": stored}


def _row(database: str, clients: int, seconds: float, result: dict) -> dict:
    flow, baseline = result["flow"], result["baseline"]
    p50, p95 = _percentile(flow.latencies, 0.50), _percentile(flow.latencies, 0.95)
    b50, b95 = _percentile(baseline.latencies, 0.50), _percentile(baseline.latencies, 0.95)
    errors = sum(flow.errors.values())
    detail = ", ".join(f"{kind} x{count}" for kind, count in sorted(flow.errors.items())) or "none"
    return {
        "figure": FIGURE.format(clients=clients, seconds=f"{seconds:g}"),
        "database": database,
        "ours": f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; {errors} errors",
        "baseline": f"/healthz p50 {b50 * 1000:.0f} ms, p95 {b95 * 1000:.0f} ms",
        "ratio": round(p95 / b95, 2) if b95 else None,
        "goal": GOAL,
        "met": errors == 0 and result["stored"] == flow.acknowledged,
        "note": (f"{len(flow.latencies)} requests ({len(flow.latencies) / result['elapsed']:.0f}/s), "
                 f"{flow.acknowledged} questionnaires acknowledged, {result['stored']} stored; "
                 f"rate-limited (429): {flow.rate_limited}; errors: {detail}; {result['elapsed']:.0f} s until every "
                 f"client finished its questionnaire; closed loop, clients on the same cores: latency is mostly "
                 f"the queue for a worker (about clients / requests per second); ratio = p95 / p95 of /healthz"),
    }


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    clients, seconds = (10, 5) if quick else (200, 60)
    baseline_seconds = seconds / 4
    if database_url is None and not quick:
        return [{"figure": FIGURE.format(clients=clients, seconds=seconds), "database": "sqlite", "ours": "not run",
                 "baseline": "not run", "ratio": None, "goal": GOAL, "met": False,
                 "note": "needs PostgreSQL (the issue's figure): run with --postgres URL"}]
    with tempfile.TemporaryDirectory(prefix="sn-load-") as folder:
        url = database_url or "sqlite:///" + os.path.join(folder, "load.sqlite")
        result = _load(url, folder, clients, seconds, baseline_seconds)
    return [_row("postgresql" if database_url else "sqlite", clients, seconds, result)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 clients for 5 s")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database (tables are dropped after)")
    args = parser.parse_args()
    for row in measure(quick=args.quick, database_url=args.postgres):
        print(" | ".join(f"{key}: {value}" for key, value in row.items()))


if __name__ == "__main__":
    main()
