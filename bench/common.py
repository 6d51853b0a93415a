"""Small helpers shared by the benchmark modules: timing, rows of the table, a throwaway app, standalone runs.

Light at import time (no app code, no heavy libraries): `bench/run.py` imports modules only in children.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def best_of(fn, runs: int = 3) -> float:
    """Best wall-clock time of `runs` calls, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def row(figure: str, database_url: str | None, ours: float, baseline: float, *, goal_max: float | None = None,
        goal_min: float | None = None, goal: str | None = None, unit=seconds, ratio: float | None = None,
        met: bool | None | str = "auto", note: str = "") -> dict:
    """One table row; `ratio` defaults to ours / baseline. Goals: `goal_max` (ratio <= x) or `goal_min` (ratio >= x);
    `met=None` for a figure that is reported, not judged."""
    if ratio is None:
        ratio = ours / baseline if baseline else float("inf")
    if met == "auto":
        met = (goal_max is None or ratio <= goal_max) and (goal_min is None or ratio >= goal_min)
    if goal is None:
        goal = f"<= {goal_max:g}x" if goal_max is not None else f">= {goal_min:g}x" if goal_min is not None else ""
    result = {"figure": figure, "database": database_kind(database_url), "ours": unit(ours), "baseline": unit(baseline),
              "ratio": round(ratio, 2), "goal": goal, "met": None if met is None else bool(met)}
    if note:
        result["note"] = note
    return result


def database_kind(database_url: str | None) -> str:
    return "postgresql" if database_url and database_url.startswith("postgresql") else "sqlite"


@contextlib.contextmanager
def bench_app(database_url: str | None, **config):
    """A Flask app on a temporary SQLite file (deleted afterwards) or the given PostgreSQL database
    (its tables dropped afterwards), with the schema created; yields (app, folder)."""
    from partnership import create_app
    from partnership.extensions import db

    with tempfile.TemporaryDirectory(prefix="sn-bench-") as folder:
        url = database_url or f"sqlite:///{folder}/bench.sqlite"
        settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                    "UPLOAD_FOLDER": os.path.join(folder, "uploads")}
        settings.update(config)
        app = create_app(settings)
        with app.app_context():
            db.create_all()
            try:
                yield app, folder
            finally:
                db.session.remove()
                if database_url:
                    db.drop_all()
                db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def standalone(measure, doc: str) -> None:
    """`python bench/<name>.py [--quick] [--postgres URL] [--json]`: print the module's rows."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database (postgresql+psycopg://...)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import signal

    # SIGTERM as SystemExit: the benchmark's `finally` blocks still delete its files and stop its servers.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    rows = measure(quick=args.quick, database_url=args.postgres)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from run import text_table

    print(text_table(rows))
