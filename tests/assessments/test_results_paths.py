"""The results page's figures stay exactly what the earlier computation published.

The speed work on the results page (issue 14) changed how counts are read (fewer
passes, sums only for free numbers, bands counted in one pivot) and lets one page
build each aggregate once. None of it may change a published figure: the same cell
keys, the same perturbation, the same suppression. The digest below was taken from
the computation as it stood before that work, on a fixed data set (fixed answers,
fixed record keys); every path the page uses must still give it.
"""
from __future__ import annotations

import hashlib
import json
import random

from sqlalchemy import select, update

from assessments import builder, needs, results
from assessments.models import Answer, Response
from tests.assessments.test_aggregates import _fill
from partnership.extensions import db
from tests.conftest import login

# sha256 of the canonical figures below, computed by the code before issue 14's changes.
GOLDEN = "b26d893da41624c3a071df14d673e891a521fdfafe3a0ad5274a46e7fb4631ad"


def _fixed_data(survey) -> None:
    """80 answer sheets of every kind of question, a free number, and record keys from a seeded draw."""
    builder.add_question(survey, code="years_here", type="numeric", label={"en": "Years lived here"},
                         config={"min": 0, "max": 90})
    _fill(survey, 80)
    rng = random.Random(14)
    years = next(q.id for q in survey.questions if q.code == "years_here")
    ids = sorted(db.session.scalars(select(Response.id).where(Response.survey_id == survey.id)))
    for position, response_id in enumerate(ids):
        key = rng.randrange(256)
        db.session.execute(update(Response).where(Response.id == response_id).values(record_key=key))
        db.session.execute(update(Answer).where(Answer.response_id == response_id).values(record_key=key))
        if position % 3:
            db.session.add(Answer(response_id=response_id, question_id=years, number=float(rng.randrange(40)),
                                  neighbourhood_id=db.session.get(Response, response_id).neighbourhood_id,
                                  record_key=key))
    db.session.commit()


def _canonical(survey, overall, tables_by_dimension, ranked, respondents) -> str:
    """The published figures with database ids replaced by names, so the digest holds on any database."""
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    doc = {"respondents": respondents, "overall": [r.as_dict() for r in overall], "breakdowns": {},
           "needs": [{**n, "evidence": [{k: v for k, v in e.items() if k != "question_id"} for e in n["evidence"]]}
                     for n in ranked]}
    for dimension, tables in tables_by_dimension.items():
        found = []
        for table in tables:
            t = table.as_dict()
            for group in t["groups"]:
                group["key"] = names.get(group["key"], group["key"])
                group["neighbourhoods"] = sorted(names[i] for i in group["neighbourhoods"]) \
                    if group["neighbourhoods"] else group["neighbourhoods"]
            found.append(t)
        doc["breakdowns"][dimension] = found
    text = json.dumps(doc, sort_keys=True, default=str)
    # Names carry the factories' counters; the n-th neighbourhood (by id) is the same place in every run.
    by_id = sorted(names.items())
    for position, (_id, name) in sorted(enumerate(by_id), key=lambda item: -len(item[1][1])):
        text = text.replace(name, f"<area {position}>")
    return text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_published_figures_are_those_of_the_earlier_computation(app, survey):
    _fixed_data(survey)
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    text = _canonical(survey, results.overall(survey, "en", 5),
                      {"neighbourhood": results.breakdown(survey, "neighbourhood", "en", 5, names),
                       "age_band": results.breakdown(survey, "age_band", "en", 5)},
                      needs.rank(survey, "en", 5), results.respondent_count(survey, 5))
    assert _digest(text) == GOLDEN


def test_a_page_s_shared_figures_are_the_same_figures(app, survey):
    """SurveyFigures (one count per page) publishes exactly what the plain functions publish."""
    _fixed_data(survey)
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    figures = results.SurveyFigures(survey, "en", 5)
    overall = figures.overall()
    assert figures.overall() is overall  # counted once
    text = _canonical(survey, overall,
                      {"neighbourhood": figures.breakdown("neighbourhood", names),
                       "age_band": figures.breakdown("age_band")},
                      needs.rank(survey, "en", 5, overall_results=overall), figures.respondent_count())
    assert _digest(text) == GOLDEN


def test_the_results_page_counts_each_aggregate_once(client, survey, planner, group, monkeypatch):
    """Overall figures, needs, respondents, the neighbourhood table and its choropleth share their counts."""
    from assessments import aggregates

    _fixed_data(survey)
    built = []
    real_init = aggregates.Aggregates.__init__

    def counting_init(self, survey, breakdown=None):
        built.append(breakdown)
        real_init(self, survey, breakdown)

    monkeypatch.setattr(aggregates.Aggregates, "__init__", counting_init)
    login(client, planner)
    page = client.get(f"/groups/{group.id}/surveys/{survey.id}/results?lang=en&by=neighbourhood")
    assert page.status_code == 200
    # Once overall (results, needs ranking, respondents) and once by neighbourhood (table and map).
    assert sorted(built, key=str) == sorted([None, "neighbourhood"], key=str)
