"""Wilson intervals, means and small-cell suppression, including the differencing attack."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from assessments import results
from assessments.analysis import mean_ci, suppress, suppress_distribution, suppress_table, wilson
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


def test_one_small_cell_gets_a_complement():
    hidden = suppress_distribution({"a": 40, "b": 3, "c": 12}, 55, 5, additive=True)
    assert hidden == {"b", "c"}  # b alone could be recovered as 55 - 40 - 12
    assert suppress_distribution({"a": 40, "b": 3, "c": 12}, 55, 5, additive=False) == {"b"}


def test_small_base_hides_everything():
    assert suppress_distribution({"a": 2, "b": 1}, 3, 5, additive=True) == {"a", "b", "__base__"}


def test_hidden_cells_must_add_up_to_at_least_k():
    # Two small cells 1 + 2 = 3 < 5: the pair could still be narrowed down, so a third goes.
    hidden = suppress_distribution({"a": 30, "b": 1, "c": 2, "d": 9}, 42, 5, additive=True)
    assert {"b", "c", "d"} <= hidden and "a" not in hidden


def test_suppress_never_leaves_a_line_recoverable():
    values = {"x": 1, "y": 7, "z": 20, "t": 28}
    hidden = suppress(values, [(["x", "y", "z"], "t")], 5, locked={"t"})
    assert sum(values[m] for m in hidden) >= 5 and "x" in hidden


def test_breakdown_differencing_case():
    """A small neighbourhood cannot be recovered as total minus the other neighbourhoods."""
    cells = {("A", "yes"): 30, ("A", "no"): 20, ("B", "yes"): 2, ("B", "no"): 1, ("C", "yes"): 10, ("C", "no"): 12}
    groups, columns = ["A", "B", "C"], ["yes", "no"]
    bases = {"A": 50, "B": 3, "C": 22}
    totals = {"yes": 42, "no": 33}
    hidden_cells, hidden_groups = suppress_table(cells, groups, columns, bases, totals, 75, 5, additive_rows=True)
    assert "B" in hidden_groups
    assert hidden_groups - {"B"}, "a second group must be hidden, or B = total - A - C"
    for column in columns:
        hidden_sum = sum(cells[(g, column)] for g in groups if (g, column) in hidden_cells or g in hidden_groups)
        assert hidden_sum == 0 or hidden_sum >= 5


def _question(survey, code):
    return next(q for q in survey.questions if q.code == code)


def test_results_on_the_database_suppress_small_neighbourhood(app, db, small_survey):
    big, small = small_survey.group.neighbourhoods[0].id, small_survey.group.neighbourhoods[1].id
    for i in range(30):
        answer(small_survey, {"feel": "safe" if i % 3 else "unsafe", "age_band": "a25_44"}, neighbourhood_id=big)
    for _ in range(8):
        answer(small_survey, {"feel": "unsure"}, neighbourhood_id=None)
    for _ in range(2):
        answer(small_survey, {"feel": "unsafe"}, neighbourhood_id=small)
    overall = {r.question.code: r for r in results.overall(small_survey, "en", 5)}
    feel = overall["feel"]
    assert feel.base == 40
    shares = {o.value: o.share for o in feel.options}
    assert shares["safe"].count == 20 and shares["unsafe"].count == 12 and shares["unsure"].count == 8
    low, high = wilson(20, 40)
    assert shares["safe"].low == pytest.approx(low) and shares["safe"].high == pytest.approx(high)
    table = next(t for t in results.breakdown(small_survey, "neighbourhood", "en", 5) if t.question.code == "feel")
    assert table.bases[small] is None  # 2 answers: hidden
    hidden_rows = [g for g, _l in table.groups if table.bases[g] is None]
    assert len(hidden_rows) >= 2  # with a complement, so overall minus the rest does not give it away
    for column, _label in table.columns:
        visible = sum(table.cells[(g, column)].count for g, _l in table.groups if table.cells[(g, column)].count is not None)
        total = shares[column].count
        assert total - visible == 0 or total - visible >= 5
    # An 'about you' breakdown: 10 people did not state their age, 30 did.
    by_age = next(t for t in results.breakdown(small_survey, "age_band", "en", 5) if t.question.code == "feel")
    assert {g for g, _l in by_age.groups} == {"a25_44", None}


def test_api_results_are_suppressed_and_have_no_free_text(client, db, small_survey, planner):
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
    assert options["unsafe"]["count"] is None and options["unsafe"]["suppressed"]
    assert options["safe"]["count"] is None  # complement: 7 - 6 would reveal the single 'unsafe'
    assert body["small_cell_min"] == 5
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
