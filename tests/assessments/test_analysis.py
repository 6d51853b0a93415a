"""Wilson intervals, means, and results on the database published through the cell-key method."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from assessments import results
from assessments.analysis import mean_ci, wilson
from assessments.disclosure import candidates
from assessments.models import Question
from tests.assessments.conftest import answer


def test_wilson_matches_published_values():
    low, high = wilson(10, 100)  # textbook example: 0.0552 .. 0.1744
    assert low == pytest.approx(0.0552, abs=1e-4) and high == pytest.approx(0.1744, abs=1e-4)
    assert wilson(0, 20)[0] == 0 and wilson(0, 20)[1] == pytest.approx(0.1611, abs=1e-4)
    assert wilson(20, 20)[1] == 1


def test_mean_ci_uses_t_for_small_samples():
    values = [1, 2, 3, 4, 5]
    mean, low, high = mean_ci(len(values), sum(values), sum(v * v for v in values))
    assert mean == 3 and low == pytest.approx(3 - 2.776 * (2.5 ** 0.5) / (5 ** 0.5), abs=1e-3)
    assert high == pytest.approx(6 - low)


def _question(survey, code):
    return next(q for q in survey.questions if q.code == code)


def test_results_on_the_database_are_protected_and_merge_the_small_neighbourhood(app, db, small_survey):
    big, small = small_survey.group.neighbourhoods[0].id, small_survey.group.neighbourhoods[1].id
    for i in range(30):
        answer(small_survey, {"feel": "safe" if i % 3 else "unsafe", "age_band": "a25_44"}, neighbourhood_id=big)
    for _ in range(8):
        answer(small_survey, {"feel": "unsure"}, neighbourhood_id=None)
    for _ in range(2):
        answer(small_survey, {"feel": "unsafe"}, neighbourhood_id=small)
    overall = {r.question.code: r for r in results.overall(small_survey, "en", 5)}
    feel = overall["feel"]
    # Every published count is within 2 of the truth, and each is a value the true count can give.
    assert abs(feel.base - 40) <= 2 and 40 in candidates(feel.base, 5)
    shares = {o.value: o.share for o in feel.options}
    for value, true in {"safe": 20, "unsafe": 12, "unsure": 8}.items():
        assert abs(shares[value].count - true) <= 2 and true in candidates(shares[value].count, 5)
    # Percentages and intervals are made from the published counts, not the true ones.
    low, high = wilson(min(shares["safe"].count, feel.base), feel.base)
    assert shares["safe"].low == pytest.approx(low) and shares["safe"].high == pytest.approx(high)
    assert shares["safe"].pct == pytest.approx(min(shares["safe"].count, feel.base) / feel.base)
    # The small neighbourhood (2 answers) is published merged with its neighbour, not blanked with it.
    table = next(t for t in results.breakdown(small_survey, "neighbourhood", "en", 5) if t.question.code == "feel")
    merged = next(g for g, _l in table.groups if isinstance(g, str))
    assert sorted(table.members[merged]) == sorted([big, small])
    assert small not in {g for g, _l in table.groups} and abs(table.bases[merged] - 32) <= 2
    assert all(table.cells[(merged, c)].publishable for c, _l in table.columns)
    # An 'about you' breakdown: 10 people did not state their age, 30 did.
    by_age = next(t for t in results.breakdown(small_survey, "age_band", "en", 5) if t.question.code == "feel")
    assert {g for g, _l in by_age.groups} == {"a25_44", None}


def test_api_results_are_protected_and_have_no_free_text(client, db, small_survey, planner):
    from partnership.auth.models import ApiToken

    builder_q = _question(small_survey, "feel")
    assert builder_q is not None
    for _ in range(6):
        answer(small_survey, {"feel": "safe"})
    answer(small_survey, {"feel": "unsafe"})
    token, secret = ApiToken.issue(planner, "test")
    db.session.add(token)
    db.session.commit()
    body = client.get(f"/api/v1/surveys/{small_survey.id}/results", headers={"Authorization": f"Bearer {secret}"}).get_json()
    feel = next(q for q in body["questions"] if q["code"] == "feel")
    options = {o["value"]: o for o in feel["options"]}
    # The single "unsafe" answer is published as 0 or 5 to 7, never as 1; "safe" (6) moves by at most 2.
    assert options["unsafe"]["count"] in {0, 5, 6, 7}
    assert options["safe"]["count"] in {0, 5, 6, 7, 8} and options["safe"]["base"] == feel["base"]
    assert body["small_cell_min"] == 5 and body["disclosure_control"] == "cell-key"
    assert body["respondents"] == feel["base"]  # the same seven people: the same cell key, the same value
    assert client.get(f"/api/v1/surveys/{small_survey.id}/results").status_code == 401
    definition = client.get(f"/api/v1/surveys/{small_survey.id}", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert [q["code"] for q in definition["questions"]][0] == "feel"
    assert db.session.scalar(select(Question.id).where(Question.code == "feel"))


def test_long_labels_are_cut_at_a_word_boundary():
    from assessments.views.results import shorten

    label = "Quão seguro/a se sente ao andar sozinho/a nesta zona depois de escurecer?"
    short = shorten(label, 60)
    assert short.endswith("…") and len(short) <= 61
    assert label.startswith(short[:-1]) and label[len(short) - 1] == " "
    assert shorten("Short label", 60) == "Short label"
