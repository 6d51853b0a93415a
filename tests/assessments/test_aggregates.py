"""Breakdown figures read from the neighbourhood copied onto answer rows, and the pivoted band pass.

Both must give exactly the figures a plain join of every answer row to its response
(and to its band answer) gives: checked here against that join, in Python, on a
survey with every kind of question.
"""
from __future__ import annotations

import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from assessments.aggregates import ALL, SINGLE_ROW, Aggregates
from assessments.demo import PLACES, _value
from assessments.models import Answer, Channel, Response
from assessments.question_types import get_type
from partnership.extensions import db
from tests.assessments.conftest import answer
from tests.conftest import login


def _expected(survey, group_of) -> tuple[dict, dict, dict, dict]:
    """Counts, bases, sums and respondents the slow way: every answer joined to its response."""
    counts, bases, sums, respondents = defaultdict(int), defaultdict(set), {}, defaultdict(int)
    kinds = {q.id: get_type(q.type).aggregation for q in survey.questions}
    responses = db_rows(select(Response).where(Response.survey_id == survey.id))
    group = {r.id: group_of(r) for r in responses}
    for r in responses:
        respondents[group[r.id]] += 1
    numbers = defaultdict(list)
    for a in db_rows(select(Answer).join(Response).where(Response.survey_id == survey.id)):
        g = group[a.response_id]
        counts[(a.question_id, a.row, a.option, g)] += 1
        bases[(a.question_id, g)].add(a.response_id if kinds[a.question_id] not in SINGLE_ROW else a.id)
        if a.number is not None and kinds[a.question_id] == "numeric":  # scored options' means use published counts
            numbers[(a.question_id, a.row, g)].append(a.number)
    for key, values in numbers.items():
        sums[key] = (len(values), float(sum(values)), float(sum(v * v for v in values)))
    return dict(counts), {k: len(v) for k, v in bases.items()}, sums, dict(respondents)


def db_rows(stmt):
    return db.session.scalars(stmt).all()


def _fill(survey, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    map_question = next(q for q in survey.questions if q.type == "map")
    map_question.config = {"places": [{"value": c, "lat": lat, "lng": lng, "label": label} for c, lat, lng, label in PLACES]}
    db.session.commit()
    neighbourhoods = [n.id for n in survey.group.neighbourhoods] + [None]
    # Questions behind a skip rule stay unanswered: their rule is not what is tested here.
    questions = [q for q in survey.questions if not q.show_if_code]
    for i in range(count):
        values = {q.code: _value(q, rng) for q in questions}
        if i % 4 == 0:
            values.pop("age_band", None)  # some people do not say their age
        answer(survey, {k: v for k, v in values.items() if v is not None}, neighbourhood_id=rng.choice(neighbourhoods))


def _same(agg: Aggregates, expected) -> None:
    counts, bases, sums, respondents = expected
    assert dict(agg.counts) == counts
    assert {k: v for k, v in agg.bases.items() if v} == bases
    assert set(agg.sums) == set(sums)
    for key, (n, s, ss) in sums.items():
        got = agg.sums[key]
        assert got[0] == n and abs(got[1] - s) < 1e-6 and abs(got[2] - ss) < 1e-6
    assert dict(agg.respondents) == respondents


def test_neighbourhood_and_band_breakdowns_match_a_join_of_every_answer(app, survey):
    _fill(survey, 60)
    by_response = {a.response_id: a.option for a in db_rows(
        select(Answer).where(Answer.question_id == next(q.id for q in survey.questions if q.code == "age_band")))}
    _same(Aggregates(survey, "neighbourhood"), _expected(survey, lambda r: r.neighbourhood_id))
    _same(Aggregates(survey, "age_band"), _expected(survey, lambda r: by_response.get(r.id)))
    _same(Aggregates(survey), _expected(survey, lambda r: ALL))
    # The pivot found every band actually given, and the people who gave none.
    assert {key[3] for key in Aggregates(survey, "age_band").counts} == set(by_response.values()) | {None}


def test_every_stored_answer_carries_its_sheets_neighbourhood(client, small_survey, partner, group):
    first, second = (n.id for n in group.neighbourhoods[:2])
    answer(small_survey, {"feel": "safe", "age_band": "a25_44"}, neighbourhood_id=first)
    answer(small_survey, {"feel": "unsafe"}, neighbourhood_id=None)
    # Paper entry goes through the same store.
    login(client, partner)
    form_url = client.get(f"/groups/{group.id}/surveys/{small_survey.id}/paper").headers["Location"]  # a blank form
    data = {"q_feel": "unsure", "q_age_band": "a16_24", "neighbourhood_id": second, "language": "en"}
    assert client.post(form_url, data=data).status_code == 302
    rows = db.session.execute(select(Answer.neighbourhood_id, Response.neighbourhood_id, Response.channel)
                              .join(Response, Response.id == Answer.response_id)).all()
    assert len(rows) == 5
    assert all(a == r for a, r, _c in rows)
    assert {(a, c) for a, _r, c in rows} == {(first, Channel.LINK), (None, Channel.LINK), (second, Channel.PAPER)}


def test_a_survey_without_answers_has_empty_breakdowns(app, small_survey):
    for dimension in ("neighbourhood", "age_band"):
        agg = Aggregates(small_survey, dimension)
        assert not agg.counts and not agg.sums and not agg.respondents


def test_an_unknown_band_is_refused(app, small_survey):
    with pytest.raises(KeyError):
        Aggregates(small_survey, "no_such_question")


def test_a_band_given_by_few_people_is_its_own_group(app, small_survey):
    for _ in range(3):
        answer(small_survey, {"feel": "safe", "age_band": "a65_plus"})
    agg = Aggregates(small_survey, "age_band")
    assert agg.respondents == {"a65_plus": 3}
    assert agg.counts[(next(q.id for q in small_survey.questions if q.code == "feel"), None, "safe", "a65_plus")] == 3
