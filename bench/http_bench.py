"""Pages served over HTTP by gunicorn, started as scripts/serve.sh starts it, against a bare Flask app
(bench/bare_app.py) under the same gunicorn settings, measured in the same run:

- the results page at 100,000 answer sheets x 40 questions against an endpoint doing the plain SQL GROUP BY;
- the demo's results page, warm, against the distribute page of the same survey;
- questionnaires through the real public flow (start page, every page with its CSRF token, review,
  submit, thanks) with 16 concurrent clients, against the same number of requests to an endpoint
  writing one row: questionnaires per second, and server CPU (gunicorn's workers) per stored
  questionnaire against the same number of bare requests.

    python bench/http_bench.py [--quick] [--postgres URL]

Each respondent comes from its own address (X-Forwarded-For, with TRUSTED_PROXIES=1 as behind
one reverse proxy), so the per-address limits on starting a survey do not throttle the run.
Temporary files are deleted and gunicorn stopped at the end, also after an error.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ROOT, best_of, database_kind, free_port, row, seconds, standalone  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
WORKERS = "2"  # scripts/serve.sh's default
CLIENTS = 16


# -- gunicorn ---------------------------------------------------------------------------------

@contextlib.contextmanager
def gunicorn(target: str, env: dict, folder: str, chdir: str = ROOT):
    """`gunicorn --bind 127.0.0.1:PORT --workers 2 --access-logfile - TARGET`, as serve.sh runs it; yields (url, pid)."""
    port = free_port()
    log = open(os.path.join(folder, f"gunicorn-{port}.log"), "w")
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", WORKERS,
         "--access-logfile", "-", "--chdir", chdir, target],
        cwd=chdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {target} exited: {open(log.name).read()[-2000:]}")
            try:
                requests.get(url + "/", timeout=60)
                if len(workers(process.pid)) == int(WORKERS):
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {target} did not answer within 300 s")
            time.sleep(0.3)
        yield url, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def workers(master: int) -> list[int]:
    try:
        with open(f"/proc/{master}/task/{master}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def cpu_seconds(master: int) -> float:
    """User + system CPU of gunicorn's workers so far."""
    total = 0
    for pid in workers(master):
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# -- forms ------------------------------------------------------------------------------------

class Form(HTMLParser):
    """The fields of the page's forms: inputs, selects with their options."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inputs: list[dict] = []
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.inputs.append(attrs)
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self.selects[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def answers(self) -> dict:
        """Hidden fields as they are, the first choice of every question, ranks 1, 2, ... for a ranking."""
        data: dict = {}
        for field in self.inputs:
            name, kind = field["name"], field.get("type", "text")
            if kind == "hidden":
                data.setdefault(name, field.get("value") or "")
            elif kind in {"radio", "checkbox"} and name.startswith("q_") and not name.endswith("_clear"):
                data.setdefault(name, field.get("value"))
        ranks: dict[str, int] = {}
        for name, options in self.selects.items():
            if not name.startswith("q_"):
                continue
            values = [v for v in options if v]
            if values and all(v.isdigit() for v in values):  # a ranking: positions 1..n, each once
                question = name.rsplit("__", 1)[0]
                ranks[question] = ranks.get(question, 0) + 1
                data[name] = str(ranks[question]) if ranks[question] <= len(values) else ""
            elif values:
                data[name] = values[0]
        return data


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


class FlowError(Exception):
    pass


def questionnaire(session, base: str, slug: str, address: str) -> int:
    """One respondent from the start page to the thanks page; returns the number of requests."""
    headers = {"X-Forwarded-For": address, "Accept-Language": "pt-PT,pt;q=0.9"}
    count = 0

    def call(method, path, **kwargs):
        nonlocal count
        count += 1
        response = session.request(method, path if path.startswith("http") else base + path, headers=headers,
                                   allow_redirects=False, timeout=120, **kwargs)
        if response.status_code >= 400 or (method == "POST" and response.status_code != 302):
            raise FlowError(f"{method} {path}: {response.status_code}")
        return response

    start = call("GET", f"/s/{slug}")
    form = Form(start.text)
    neighbourhood = next((v for v in form.selects.get("neighbourhood_id", []) if v), None)
    if neighbourhood is None:
        neighbourhood = next((i["value"] for i in form.inputs if i["name"] == "neighbourhood_id"), "none")
    location = call("POST", f"/s/{slug}", data={"csrf_token": csrf(start.text), "language": "pt",
                                                  "neighbourhood_id": neighbourhood}).headers["Location"]
    while "/p/" in location:
        page = call("GET", location)
        location = call("POST", location, data=Form(page.text).answers()).headers["Location"]
    review = call("GET", location)
    key = re.search(r'name="submission_key" value="([^"]+)"', review.text).group(1)
    thanks = call("POST", f"/s/{slug}/submit", data={"csrf_token": csrf(review.text), "submission_key": key})
    call("GET", thanks.headers["Location"])
    return count


def in_threads(task, jobs: int, clients: int = CLIENTS) -> tuple[float, list]:
    """Run `task(index)` `jobs` times over `clients` threads; wall time and the results (or exceptions)."""
    results: list = [None] * jobs
    lock = threading.Lock()
    next_job = [0]

    def worker():
        while True:
            with lock:
                index = next_job[0]
                next_job[0] += 1
            if index >= jobs:
                return
            try:
                results[index] = task(index)
            except Exception as error:  # noqa: BLE001 - counted and reported
                results[index] = error

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, results


# -- the database ---------------------------------------------------------------------------

def environment(url: str, folder: str) -> dict:
    return {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-http", "TRUSTED_PROXIES": "1",
            "UPLOAD_FOLDER": os.path.join(folder, "uploads"), "FLASK_DEBUG": "0"}


def wipe(url: str) -> None:
    """Empty the runner's PostgreSQL database again (tables, types, Alembic's table)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def login(base: str, email: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(base + "/auth/login", timeout=60)
    done = session.post(base + "/auth/login", data={"csrf_token": csrf(page.text), "email": email, "password": password},
                        allow_redirects=False, timeout=60)
    if done.status_code != 302:
        raise RuntimeError(f"sign-in as {email} failed: {done.status_code}")
    return session


def get_ok(session, url: str) -> None:
    response = session.get(url, timeout=600)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url}: {response.status_code}")


# -- (a) the results page at city scale -------------------------------------------------------

def build_scale(url: str, quick: bool) -> dict:
    """The 100k-sheet survey of bench/assessments_bench.py, in its own group, with a planner to read its results."""
    import assessments_bench
    from partnership import create_app

    responses = 300 if quick else 100_000
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context(), app.test_request_context():
        from assessments.models import Survey
        from partnership.auth.models import User
        from partnership.extensions import db

        survey_id, rows = assessments_bench.build(app, responses)
        survey = db.session.get(Survey, survey_id)
        planner = User(email=SCALE_EMAIL, name="Bench planner", role="planner")
        planner.set_password(SCALE_PASSWORD)
        db.session.add(planner)
        survey.group.planners.append(planner)
        db.session.commit()
        scale = {"survey_id": survey_id, "group_id": survey.group.id, "rows": rows, "responses": responses}
        db.session.remove()
        db.engine.dispose()
    return scale


SCALE_EMAIL, SCALE_PASSWORD = "planner@bench.example", "bench password 2026"


def results_page(base: str, scale: dict, quick: bool) -> tuple[float, str]:
    """Best time of the page, warm; a page cut off (gunicorn's worker timeout) counts with the time it took to fail."""
    session = login(base, SCALE_EMAIL, SCALE_PASSWORD)
    page = f"{base}/groups/{scale['group_id']}/surveys/{scale['survey_id']}/results"
    started = time.perf_counter()
    try:
        get_ok(session, page)  # warm: the first view pays for imports and caches
        return best_of(lambda: get_ok(session, page), runs=3 if quick else 2), ""
    except Exception as error:  # noqa: BLE001 - a failed page is the finding, reported in the row
        return time.perf_counter() - started, f"FAILED after {time.perf_counter() - started:.0f} s: {error}"


def groupby_page(base: str, scale: dict, quick: bool) -> float:
    import requests

    bare = requests.Session()
    get_ok(bare, f"{base}/groupby/{scale['survey_id']}")
    return best_of(lambda: get_ok(bare, f"{base}/groupby/{scale['survey_id']}"), runs=3 if quick else 2)


def results_row(scale: dict, ours: tuple[float, str], baseline: float, database_url: str | None) -> dict:
    responses = scale["responses"]
    size = f"{responses // 1000}k" if responses >= 1000 else str(responses)
    took, failure = ours
    note = f"{scale['rows']:,} answer rows; gunicorn --workers {WORKERS}; warm, best of {3 if responses < 1000 else 2}"
    return row(f"results page over HTTP, {size} sheets x 40 questions, vs bare Flask SQL GROUP BY", database_url,
               took, baseline, goal_max=2, met=False if failure else "auto",
               note=f"{failure}; {note}" if failure else note)


# -- (b) and (c): the demo ------------------------------------------------------------------

def seed_demo(url: str, folder: str) -> dict:
    env = environment(url, folder)
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([flask, "--app", "wsgi", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        survey_id, group_id, slug = connection.execute(text(
            "SELECT survey.id, survey.group_id, survey.slug FROM survey JOIN security_group g ON g.id = survey.group_id "
            "WHERE g.name LIKE '%Marvila%' AND survey.status = 'open' ORDER BY survey.id LIMIT 1")).one()
    engine.dispose()
    return {"survey_id": survey_id, "group_id": group_id, "slug": slug}


def stored_responses(url: str, survey_id: int) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM response WHERE survey_id = :s"), {"s": survey_id}).scalar()
    engine.dispose()
    return count


def demo_pages(base: str, demo: dict, database_url: str | None, quick: bool) -> tuple[dict, str]:
    from partnership.demo import DEMO_PASSWORD

    session = login(base, "planner@demo.example", DEMO_PASSWORD)
    prefix = f"{base}/groups/{demo['group_id']}/surveys/{demo['survey_id']}"
    for path in ("/results", "/distribute"):
        get_ok(session, prefix + path)
        get_ok(session, prefix + path)
    runs = 3 if quick else 7
    ours = best_of(lambda: get_ok(session, prefix + "/results"), runs=runs)
    baseline = best_of(lambda: get_ok(session, prefix + "/distribute"), runs=runs)
    gzipped = session.get(prefix + "/results", headers={"Accept-Encoding": "gzip"}, timeout=60)
    encoding = gzipped.headers.get("Content-Encoding", "none")
    return (row("demo results page (400 answers), warm, vs the distribute page", database_url, ours, baseline,
                goal="no repeated work (report)", met=None,
                note=f"best of {runs}; Content-Encoding of the page: {encoding}"), encoding)


def throughput(base_ours: str, pid_ours: int, demo: dict, url: str, folder: str, quick: bool,
               database_url: str | None) -> list[dict]:
    import requests

    jobs = CLIENTS if quick else CLIENTS * 4
    before_count = stored_responses(url, demo["survey_id"])
    # Warm both workers (imports, template compilation) with one respondent each.
    in_threads(lambda i: questionnaire(requests.Session(), base_ours, demo["slug"], f"10.9.0.{i + 1}"), 2, 2)
    warmed = stored_responses(url, demo["survey_id"])
    cpu_before = cpu_seconds(pid_ours)
    took, results = in_threads(
        lambda i: questionnaire(requests.Session(), base_ours, demo["slug"], f"10.{1 + i // 250}.{i % 250}.1"), jobs)
    cpu_ours = cpu_seconds(pid_ours) - cpu_before
    errors = [r for r in results if isinstance(r, Exception)]
    done = [r for r in results if isinstance(r, int)]
    stored = stored_responses(url, demo["survey_id"]) - warmed
    requests_made = sum(done) or 1
    per_questionnaire = requests_made / max(1, len(done))
    return [took, cpu_ours, len(done), stored, errors, requests_made, per_questionnaire, warmed - before_count]


def bare_writes(base: str, pid: int, total: int) -> tuple[float, float]:
    import requests

    sessions = threading.local()

    def one(_index):
        if not hasattr(sessions, "s"):
            sessions.s = requests.Session()
        response = sessions.s.post(base + "/write", timeout=60)
        if response.status_code != 204:
            raise RuntimeError(f"bare write: {response.status_code}")
        return 1

    in_threads(one, 32)
    cpu_before = cpu_seconds(pid)
    took, results = in_threads(one, total)
    cpu = cpu_seconds(pid) - cpu_before
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise RuntimeError(f"bare writes failed: {errors[0]}")
    return took, cpu


def flow_rows(flow: list, bare_took: float, bare_cpu: float, database_url: str | None) -> list[dict]:
    took, cpu_ours, done, stored, errors, requests_made, per_q, _warm = flow
    if not done:
        raise RuntimeError(f"no questionnaire went through: {errors[:3]}")
    ours_rate = done / took
    bare_rate = (requests_made / per_q) / bare_took  # questionnaire-equivalents of bare requests per second
    text = f"{CLIENTS} clients, {done} questionnaires, {per_q:.0f} requests each"
    problems = f"; {len(errors)} failed: {errors[0]}" if errors else ""
    integrity = "" if stored == done else f"; stored {stored} of {done} acknowledged"
    cpu_q = cpu_ours / done
    cpu_bare = bare_cpu / requests_made * per_q
    return [
        row(f"questionnaires per second through the public flow, {CLIENTS} clients, vs as many bare requests",
            database_url, ours_rate, bare_rate, goal_min=0.5, unit=lambda v: f"{v:.2f}/s",
            met=ours_rate / bare_rate >= 0.5 and not errors and stored == done,
            note=f"{text}; baseline: the same number of POSTs writing one row{problems}{integrity}"),
        row("server CPU per stored questionnaire vs as many bare requests", database_url, cpu_q, cpu_bare, goal_max=3,
            note=f"gunicorn workers' user+system CPU from /proc; {text}"),
    ]


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    """One database (the demo, migrated and seeded, plus the city-scale survey), one gunicorn of ours, one bare."""
    import bare_app

    with tempfile.TemporaryDirectory(prefix="sn-bench-http-") as folder:
        url = database_url or f"sqlite:///{folder}/bench.sqlite"
        try:
            demo = seed_demo(url, folder)
            scale = build_scale(url, quick)
            bare_app.create_table(url)
            env = environment(url, folder)
            with gunicorn("wsgi:app", env, folder) as (base, pid):
                results_ours = results_page(base, scale, quick)
                page_row, _encoding = demo_pages(base, demo, database_url, quick)
                flow = throughput(base, pid, demo, url, folder, quick, database_url)
            with gunicorn("bare_app:app", env, folder, chdir=BENCH) as (base, pid):
                results_bare = groupby_page(base, scale, quick)
                bare_took, bare_cpu = bare_writes(base, pid, flow[5])
        finally:
            if database_url:
                wipe(database_url)
    return [results_row(scale, results_ours, results_bare, database_url), page_row,
            *flow_rows(flow, bare_took, bare_cpu, database_url)]


if __name__ == "__main__":
    standalone(measure, __doc__)
