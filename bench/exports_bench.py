"""Raw CSV / XLSX export of 100,000 answer sheets x 40 questions, as a ratio to a plain SQL dump.

    python bench/exports_bench.py [--quick] [--responses N] [--postgres URL]

Builds the answers in a temporary SQLite file (or an empty PostgreSQL database), then
times one export job of each kind (`assessments.exporting.jobs.run_job`, what the
background thread and `flask exports run` do: read, pseudonymise, one row per sheet,
write the file, rename it) against a plain dump of the same answer rows to a CSV file
(`COPY ... TO STDOUT` on PostgreSQL; a raw cursor into `csv.writer` on SQLite), measured
in the same run. Peak memory growth is the process's resident memory (sampled every
20 ms) above what it was when the export started.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import threading
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

QUESTIONS = 40
FULL, QUICK = 100_000, 300
DUMP_SQL = ("SELECT r.id, r.neighbourhood_id, r.channel, r.language, r.submitted_on, a.question_id, a.row, a.option,"
            " a.number, a.text, a.lat, a.lng FROM response r JOIN answer a ON a.response_id = r.id"
            " WHERE r.survey_id = {survey} ORDER BY a.response_id, a.question_id, a.id")


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Peak resident memory above the level at entry, sampled by a thread."""

    def __enter__(self):
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())
        self.growth = self.peak - self.start


def build(responses: int) -> tuple[int, int]:
    """A 40-question survey with `responses` random answer sheets, bulk-inserted; returns (survey id, answer rows)."""
    from assessments import builder
    from assessments.models import Survey
    from assessments.question_types import get_type
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup
    from partnership.neighbourhoods.models import Municipality, Neighbourhood

    municipality = Municipality(name="Bench", code="B")
    neighbourhoods = [Neighbourhood(municipality=municipality, name=f"N{i}", code=str(i)) for i in range(6)]
    group = SecurityGroup(name="Bench group", municipality=municipality)
    group.neighbourhoods = neighbourhoods
    db.session.add_all([municipality, group])
    db.session.commit()
    survey = builder.create_survey(group, title={"en": "Bench"}, languages=["en"],
                                   modules=["safety", "problems", "victimisation", "police", "online", "priorities", "about"])
    kept = [q for q in survey.questions if q.type not in {"text", "long_text", "note"} and not q.show_if_code][:QUESTIONS - 1]
    for q in list(survey.questions):
        if q not in kept:
            db.session.delete(q)
    db.session.commit()
    index = 0
    while len(survey.questions) < QUESTIONS - 1:
        index += 1
        builder.add_question(survey, code=f"extra_{index}", type="likert", label={"en": f"Extra {index}"},
                             config={"options": [{"value": f"o{i}", "label": {"en": str(i)}, "score": i} for i in range(1, 6)]})
    # One free-text question, answered on a sheet in ten, as residents do.
    builder.add_question(survey, code="anything_else_bench", type="text", label={"en": "Anything else?"})
    map_qs = [q for q in survey.questions if q.type == "map"]
    for map_q in map_qs:
        map_q.config = {"places": [{"value": f"p{i}", "lat": 38.74 + i / 1000, "lng": -9.10, "label": {"en": f"P{i}"}}
                                   for i in range(5)]}
    db.session.commit()
    survey = db.session.get(Survey, survey.id)
    questions = list(survey.questions)
    rng = random.Random(1)
    nids = [n.id for n in neighbourhoods] + [None]
    today = date.today()
    postgres = db.engine.dialect.name == "postgresql"
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    chunk = 5000
    rows_total = 0
    for start in range(0, responses, chunk):
        sheets = [(start + i + 1, survey.id, rng.choice(nids), "paper" if i % 7 == 0 else "link", "en", today,
                   f"k{start + i}", rng.randrange(256)) for i in range(min(chunk, responses - start))]
        answers = []
        for response_id, _survey, nid, *_rest, record_key in sheets:
            for q in questions:
                qtype = get_type(q.type)
                if q.type == "likert_grid":
                    options = qtype.options(q)
                    for row in qtype.rows(q):
                        o = rng.choice(options)
                        answers.append((response_id, q.id, row["value"], o["value"], o.get("score"), None, None, None, nid, record_key))
                elif q.type == "ranking":
                    for position, o in enumerate(rng.sample(qtype.option_values(q), 3), start=1):
                        answers.append((response_id, q.id, o, None, float(position), None, None, None, nid, record_key))
                elif q.type == "multiple":
                    for o in rng.sample(qtype.option_values(q)[:-1], 2):
                        answers.append((response_id, q.id, None, o, None, None, None, None, nid, record_key))
                elif q.type == "map":
                    place = rng.choice(q.config["places"])
                    answers.append((response_id, q.id, None, place["value"], None, None, place["lat"], place["lng"], nid, record_key))
                elif q.type == "text":
                    if response_id % 10 == 0:
                        answers.append((response_id, q.id, None, None, None, f"Street lights out near {response_id}, at night",
                                        None, None, nid, record_key))
                elif qtype.options(q):
                    o = rng.choice(qtype.options(q))
                    answers.append((response_id, q.id, None, o["value"], o.get("score"), None, None, None, nid, record_key))
                else:
                    answers.append((response_id, q.id, None, None, float(rng.randrange(1, 9)), None, None, None, nid, record_key))
        columns_r = "id, survey_id, neighbourhood_id, channel, language, submitted_on, submission_key, record_key"
        columns_a = "response_id, question_id, row, option, number, text, lat, lng, neighbourhood_id, record_key"
        if postgres:
            with cursor.copy(f"COPY response ({columns_r}) FROM STDIN") as copy:
                for row in sheets:
                    copy.write_row(row)
            with cursor.copy(f"COPY answer ({columns_a}) FROM STDIN") as copy:
                for row in answers:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO response ({columns_r}) VALUES ({', '.join('?' * 8)})", sheets)
            cursor.executemany(f"INSERT INTO answer ({columns_a}) VALUES ({', '.join('?' * 10)})", answers)
        rows_total += len(answers)
        raw.commit()
    cursor.execute("ANALYZE")
    if postgres:
        cursor.execute("SELECT setval('response_id_seq', (SELECT MAX(id) FROM response))")
    raw.commit()
    raw.close()
    return survey.id, rows_total


def sql_dump(survey_id: int, path: str) -> None:
    """The baseline: the same answer rows straight from the database into a CSV file."""
    from partnership.extensions import db

    sql = DUMP_SQL.format(survey=int(survey_id))
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if db.engine.dialect.name == "postgresql":
            with open(path, "wb") as handle, cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for data in copy:
                    handle.write(data)
        else:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                cursor.execute(sql)
                while rows := cursor.fetchmany(10_000):
                    writer.writerows(rows)
        raw.rollback()
    finally:
        raw.close()


def export_job(survey_id: int, kind: str, user_id: int) -> tuple[float, int, int]:
    """Run one export job as the background thread does; (seconds, memory growth in bytes, file size)."""
    from assessments.exporting import jobs
    from assessments.exporting.models import ExportJob
    from assessments.models import Survey
    from partnership.auth.models import User
    from partnership.extensions import db

    job_id = jobs.request_export(db.session.get(Survey, survey_id), kind, db.session.get(User, user_id)).id
    db.session.expunge_all()
    with PeakMemory() as memory:
        started = time.perf_counter()
        assert jobs.run_job(job_id), "export job failed"
        seconds = time.perf_counter() - started
    path = jobs.file_path(db.session.get(ExportJob, job_id))
    size = os.path.getsize(path)
    os.unlink(path)
    return seconds, memory.growth, size


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def measure(*, quick: bool, database_url: str | None, responses: int | None = None) -> list[dict]:
    """Rows for bench/run.py: CSV and XLSX export against a SQL dump, with peak memory growth."""
    from partnership import create_app
    from partnership.extensions import db

    responses = responses or (QUICK if quick else FULL)
    with tempfile.TemporaryDirectory(prefix="sn-exports-bench-") as folder:
        uri = database_url or f"sqlite:///{folder}/bench.sqlite"
        if uri.startswith(("postgres://", "postgresql://")):
            uri = "postgresql+psycopg://" + uri.split("://", 1)[1]
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "TESTING": True,
                          "UPLOAD_FOLDER": os.path.join(folder, "uploads"), "EXPORT_WORKER": "none"})
        database = "postgresql" if database_url else "sqlite"
        with app.app_context():
            db.create_all()
            try:
                from partnership.auth.models import User

                user = User(email="bench@example.org", name="Bench", role="planner", password_hash="-")
                db.session.add(user)
                db.session.commit()
                user_id = user.id
                survey_id, answer_rows = build(responses)
                dump = os.path.join(folder, "dump.csv")
                started = time.perf_counter()
                sql_dump(survey_id, dump)
                baseline = time.perf_counter() - started
                rows = []
                size = f"{responses:,} sheets x {QUESTIONS} questions ({answer_rows:,} answer rows)"
                for kind, goal in (("csv", 2.0), ("xlsx", 4.0)):
                    seconds, growth, file_size = export_job(survey_id, kind, user_id)
                    ratio = seconds / baseline
                    rows.append({
                        "figure": f"raw {kind.upper()} export (job), {size}, vs plain SQL dump to CSV",
                        "database": database, "ours": f"{seconds:.2f} s", "baseline": f"{baseline:.2f} s",
                        "ratio": round(ratio, 2), "goal": f"<= {goal:g}x", "met": ratio <= goal,
                        "note": f"one run; file {_mb(file_size)}, dump {_mb(os.path.getsize(dump))}; "
                                f"peak memory growth {_mb(growth)}"})
                    rows.append({
                        "figure": f"raw {kind.upper()} export (job), peak memory growth, {responses:,} sheets",
                        "database": database, "ours": _mb(growth), "baseline": "100 MB",
                        "ratio": round(growth / 100e6, 2), "goal": "< 100 MB", "met": growth < 100e6,
                        "note": "resident memory sampled every 20 ms, above its level when the export began"})
                return rows
            finally:
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--responses", type=int, default=None)
    parser.add_argument("--postgres", default=None, help="URL of an empty throwaway PostgreSQL database")
    args = parser.parse_args()
    for row in measure(quick=args.quick, database_url=args.postgres, responses=args.responses):
        print(f"{row['figure']} [{row['database']}]: ours {row['ours']}, baseline {row['baseline']}, "
              f"ratio {row['ratio']}, goal {row['goal']}, {'met' if row['met'] else 'NOT met'}; {row.get('note', '')}")


if __name__ == "__main__":
    main()
