"""Results-page speed at 100,000 answer sheets x 40 questions, as a ratio to a plain SQL GROUP BY.

    python bench/assessments_bench.py [--quick] [--postgres URL]

Builds the answer sheets in bulk (a temporary SQLite file, always deleted, or the
throwaway PostgreSQL database the runner gives, its tables dropped), then times
`assessments.results.overall` (the figures of the results page: counts, bases,
means, intervals, disclosure control) and the breakdowns by neighbourhood and by
age band against a bare `SELECT question_id, row, option, COUNT(*) ... GROUP BY`
over the same rows, measured in the same run.
"""
from __future__ import annotations

import os
import random
import sys
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import best_of, bench_app, row, standalone  # noqa: E402

QUESTIONS = 40


def build(app, responses: int):
    from assessments import builder
    from assessments.models import Survey
    from assessments.question_types import get_type
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup
    from partnership.neighbourhoods.models import Municipality, Neighbourhood

    municipality = Municipality(name="Bench", code="B")
    db.session.add(municipality)
    neighbourhoods = [Neighbourhood(municipality=municipality, name=f"N{i}", code=str(i)) for i in range(6)]
    group = SecurityGroup(name="Bench group", municipality=municipality)
    group.neighbourhoods = neighbourhoods
    db.session.add(group)
    db.session.commit()
    survey = builder.create_survey(group, title={"en": "Bench"}, languages=["en"],
                                   modules=["safety", "problems", "victimisation", "police", "online", "priorities", "about"])
    # Keep 40 questions that residents answer with choices, grids, rankings and places (no free text).
    kept = [q for q in survey.questions if q.type not in {"text", "long_text"} and not q.show_if_code][:QUESTIONS]
    for q in list(survey.questions):
        if q not in kept:
            db.session.delete(q)
    db.session.commit()
    index = 0
    while len(survey.questions) < QUESTIONS:
        index += 1
        builder.add_question(survey, code=f"extra_{index}", type="likert", label={"en": f"Extra {index}"},
                             config={"options": [{"value": f"o{i}", "label": {"en": str(i)}, "score": i} for i in range(1, 6)]})
    map_q = next(q for q in survey.questions if q.type == "map")
    map_q.config = {"places": [{"value": f"p{i}", "lat": 38.74 + i / 1000, "lng": -9.10, "label": {"en": f"P{i}"}} for i in range(5)]}
    db.session.commit()
    survey = db.session.get(Survey, survey.id)
    questions = list(survey.questions)
    rng = random.Random(1)
    nids = [n.id for n in neighbourhoods] + [None]
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    postgres = db.engine.dialect.name == "postgresql"
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM response")
    first_id = cursor.fetchone()[0] + 1  # after any sheets already there (the HTTP benchmark seeds the demo first)
    today = date.today().isoformat()
    chunk = 5000
    rows_total = 0
    for start in range(0, responses, chunk):
        response_rows = [(first_id + start + i, survey.id, rng.choice(nids), "link", "en", today, f"bench-{first_id + start + i}", rng.randrange(256))
                         for i in range(min(chunk, responses - start))]
        _insert(cursor, postgres, "response", "id, survey_id, neighbourhood_id, channel, language, submitted_on, submission_key,"
                " record_key", response_rows)
        answer_rows = []
        for response_id, _survey, nid, *_rest, record_key in response_rows:
            first = len(answer_rows)
            for q in questions:
                qtype = get_type(q.type)
                if q.type == "likert_grid":
                    options = qtype.options(q)
                    for row in qtype.rows(q):
                        o = rng.choice(options)
                        answer_rows.append((response_id, q.id, row["value"], o["value"], o.get("score"), None, None))
                elif q.type == "ranking":
                    for position, o in enumerate(rng.sample(qtype.option_values(q), 3), start=1):
                        answer_rows.append((response_id, q.id, o, None, float(position), None, None))
                elif q.type == "multiple":
                    for o in rng.sample(qtype.option_values(q)[:-1], 2):
                        answer_rows.append((response_id, q.id, None, o, None, None, None))
                elif q.type == "map":
                    place = rng.choice(map_q.config["places"])
                    answer_rows.append((response_id, q.id, None, place["value"], None, place["lat"], place["lng"]))
                else:
                    o = rng.choice(qtype.options(q))
                    answer_rows.append((response_id, q.id, None, o["value"], o.get("score"), None, None))
            # Each answer row carries its sheet's neighbourhood, as answering.store_response writes it.
            answer_rows[first:] = [(*row, nid, record_key) for row in answer_rows[first:]]
        _insert(cursor, postgres, "answer", "response_id, question_id, row, option, number, lat, lng, neighbourhood_id,"
                " record_key", answer_rows)
        rows_total += len(answer_rows)
        raw.commit()
    if postgres:  # the explicit ids above bypassed the sequence
        cursor.execute("SELECT setval(pg_get_serial_sequence('response', 'id'), (SELECT MAX(id) FROM response))")
    cursor.execute("ANALYZE")
    raw.commit()
    raw.close()
    return survey.id, rows_total


def _insert(cursor, postgres: bool, table: str, columns: str, rows: list[tuple]) -> None:
    if postgres:  # COPY: what a bulk load on PostgreSQL uses
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
    else:
        marks = ", ".join("?" * len(rows[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    """Overall results and the two breakdowns against a plain GROUP BY, best of three (two for full-size breakdowns)."""
    from sqlalchemy import text

    from partnership.extensions import db

    responses = 600 if quick else 100_000
    size = f"{responses // 1000}k" if responses >= 1000 else str(responses)
    with bench_app(database_url) as (app, _folder), app.test_request_context():
        survey_id, rows = build(app, responses)
        from assessments import results
        from assessments.models import Survey

        survey = db.session.get(Survey, survey_id)
        ids = ",".join(str(q.id) for q in survey.questions)
        baseline_sql = text(f"SELECT question_id, row, option, COUNT(*) FROM answer WHERE question_id IN ({ids}) "
                            "GROUP BY question_id, row, option")
        baseline = best_of(lambda: db.session.execute(baseline_sql).all())
        overall = best_of(lambda: results.overall(survey, "en", 5))
        names = {n.id: n.name for n in survey.group.neighbourhoods}
        runs = 3 if quick else 2
        by_neighbourhood = best_of(lambda: results.breakdown(survey, "neighbourhood", "en", 5, names), runs=runs)
        band = next(q for q in survey.questions if q.code == "age_band")
        by_band = best_of(lambda: results.breakdown(survey, band.code, "en", 5), runs=runs)
    note = f"{rows:,} answer rows; the function alone, best of 3 (breakdowns: {runs}); baseline: SELECT ... GROUP BY question, row, option"
    what = f"{size} sheets x {QUESTIONS} questions"
    return [
        row(f"results figures (overall), {what}, vs SQL GROUP BY", database_url, overall, baseline, goal_max=2,
            note=note),
        row(f"results by neighbourhood, {what}, vs SQL GROUP BY", database_url, by_neighbourhood, baseline, goal_max=3),
        row(f"results by age band, {what}, vs SQL GROUP BY", database_url, by_band, baseline, goal_max=3),
    ]


if __name__ == "__main__":
    standalone(measure, __doc__)


