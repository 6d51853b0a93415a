"""Results-page speed at 100,000 answer sheets x 40 questions, as a ratio to a plain SQL GROUP BY.

    python bench/assessments_bench.py [--responses N]

Builds a temporary SQLite database (bulk inserts), then times
`assessments.results.overall` (the figures of the results page: counts, bases,
means, Wilson intervals, suppression) and the neighbourhood breakdown against a
bare `SELECT question_id, row, option, COUNT(*) ... GROUP BY` over the same
rows, measured in the same run. Prints the best of three runs of each.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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
    today = date.today().isoformat()
    chunk = 5000
    rows_total = 0
    for start in range(0, responses, chunk):
        response_rows = [(start + i + 1, survey.id, rng.choice(nids), "link", "en", today, f"k{start + i}", rng.randrange(256))
                         for i in range(min(chunk, responses - start))]
        cursor.executemany("INSERT INTO response (id, survey_id, neighbourhood_id, channel, language, submitted_on, submission_key,"
                           " record_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", response_rows)
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
        cursor.executemany("INSERT INTO answer (response_id, question_id, row, option, number, lat, lng, neighbourhood_id,"
                           " record_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", answer_rows)
        rows_total += len(answer_rows)
        raw.commit()
    cursor.execute("ANALYZE")
    raw.commit()
    raw.close()
    return survey.id, rows_total


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    from sqlalchemy import text

    from partnership import create_app
    from partnership.extensions import db

    folder = tempfile.mkdtemp(prefix="sn-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context(), app.test_request_context():
        db.create_all()
        started = time.perf_counter()
        survey_id, rows = build(app, args.responses)
        print(f"built {args.responses:,} answer sheets x {QUESTIONS} questions = {rows:,} answer rows "
              f"in {time.perf_counter() - started:.1f} s")
        from assessments import results
        from assessments.models import Survey

        survey = db.session.get(Survey, survey_id)
        ids = ",".join(str(q.id) for q in survey.questions)
        baseline_sql = text(f"SELECT question_id, row, option, COUNT(*) FROM answer WHERE question_id IN ({ids}) "
                            "GROUP BY question_id, row, option")
        baseline = best_of(lambda: db.session.execute(baseline_sql).all())
        overall = best_of(lambda: results.overall(survey, "en", 5))
        names = {n.id: n.name for n in survey.group.neighbourhoods}
        by_neighbourhood = best_of(lambda: results.breakdown(survey, "neighbourhood", "en", 5, names), runs=1)
        print(f"plain SQL GROUP BY (baseline):          {baseline * 1000:8.0f} ms")
        print(f"results page figures (overall):         {overall * 1000:8.0f} ms   ratio {overall / baseline:5.2f}x")
        band = next(q for q in survey.questions if q.code == "age_band")
        by_band = best_of(lambda: results.breakdown(survey, band.code, "en", 5), runs=1)
        print(f"results by neighbourhood (+ overall):   {by_neighbourhood * 1000:8.0f} ms   ratio {by_neighbourhood / baseline:5.2f}x")
        print(f"results by age band (+ overall):        {by_band * 1000:8.0f} ms   ratio {by_band / baseline:5.2f}x")


if __name__ == "__main__":
    main()
