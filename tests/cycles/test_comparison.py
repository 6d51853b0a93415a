"""The follow-up round compared with the baseline, through the disclosure control of the published results."""
from __future__ import annotations

import pytest

from assessments import results
from assessments.models import SurveyStatus
from partnership.cycles import comparison
from partnership.cycles.errors import CycleError
from partnership.cycles.intervals import difference_of_means, difference_of_proportions, sd_from_interval
from partnership.extensions import db
from tests.conftest import login
from tests.cycles import builders


def _rounds(group, planner, cycle):
    """Baseline: 30 agree / 20 disagree in area A, 3 answers in area B (too few), 12 not saying where.

    Follow-up: 40/10 in A and 10/10 in B. (The answers not saying where let A stay published next to
    B's hidden row: with two rows only, A would be hidden too, since the total minus A gives B.)
    """
    a, b = group.neighbourhoods[0].id, group.neighbourhoods[1].id
    builders.answer_confidence(cycle.baseline_survey, 30, 20, a)
    builders.answer_confidence(cycle.baseline_survey, 3, 0, b)
    builders.answer_confidence(cycle.baseline_survey, 6, 6, None)
    follow = comparison.start_follow_up(cycle, planner)
    follow.status = SurveyStatus.OPEN
    db.session.commit()
    builders.answer_confidence(follow, 40, 10, a)
    builders.answer_confidence(follow, 10, 10, b)
    return a, b, follow


def _published(survey, code, options):
    result = next(r for r in results.overall(survey, "en") if r.question.code == code)
    chosen = [o.share for o in result.options if o.value in options]
    return sum(s.count for s in chosen), chosen[0].base


def test_follow_up_round_copies_the_frozen_questions(db, group, planner, cycle):
    follow = comparison.start_follow_up(cycle, planner)
    assert [q.code for q in follow.questions] == [q.code for q in cycle.baseline_survey.questions]
    assert cycle.follow_up_survey_id == follow.id and follow.previous_id == cycle.baseline_survey_id
    with pytest.raises(CycleError, match="already has a follow-up"):
        comparison.start_follow_up(cycle, planner)


def test_shares_are_compared_from_published_counts_with_newcombe(db, group, planner, cycle):
    a, b, follow = _rounds(group, planner, cycle)
    indicator = comparison.add_standard(cycle, "confidence", None, "en")
    compared = comparison.compare(cycle, "en")
    change = compared.overall[0]
    c1, n1 = _published(follow, "police_confidence", indicator.options)
    c0, n0 = _published(cycle.baseline_survey, "police_confidence", indicator.options)
    expected = difference_of_proportions(c1, n1, c0, n0)
    assert change.difference == expected
    assert change.direction == ("improved" if expected.significant else "no_change")
    assert indicator.baseline_value == pytest.approx(100 * c0 / n0, abs=0.01)
    # Per neighbourhood, a change exists exactly where both rounds publish the area's figure, and it is
    # computed from those published figures; area B has only 3 answers at baseline, so it has none.
    names = {n.id: n.name for n in group.neighbourhoods}
    tables = [results.breakdown(s, "neighbourhood", "en", None, names) for s in (cycle.baseline_survey, follow)]
    figures = [comparison.area_figures(t, indicator) for t in tables]
    by_area = {area: changes[0] for area, changes in compared.by_area.items()}
    for area, change in by_area.items():
        before, after = figures[0].get(area), figures[1].get(area)
        if before is None or after is None:
            assert change.difference is None and "Not published in both rounds" in change.reason
        else:
            assert change.difference == difference_of_proportions(after.count, after.base, before.count, before.base)
    assert by_area[b].baseline is None and by_area[b].difference is None
    assert a in by_area
    assert comparison.map_values(compared, indicator.id)[b] is None


def test_a_hidden_cell_in_either_round_hides_the_change(db, group, planner, cycle, monkeypatch):
    _rounds(group, planner, cycle)
    indicator = comparison.add_standard(cycle, "confidence", None, "en")
    real_overall = results.overall

    def hiding(survey, lang, k=None):
        out = real_overall(survey, lang, k)
        if survey.id == cycle.follow_up_survey_id:
            for result in out:
                if result.question.code == "police_confidence":
                    for option in result.options:
                        if option.value == "agree":
                            option.share.count = option.share.base = None
        return out

    monkeypatch.setattr(results, "overall", hiding)
    change = comparison.compare(cycle, "en", by_area=False).overall[0]
    assert change.indicator.id == indicator.id
    assert change.follow_up is None and change.difference is None and change.reason


def test_means_are_compared_with_welch_from_published_intervals(db, group, planner, cycle):
    for value, times in (("very_often", 10), ("often", 15), ("not_often", 10), ("never", 5)):
        for _ in range(times):
            builders.answer(cycle.baseline_survey, {"police_respect": value})
    follow = comparison.start_follow_up(cycle, planner)
    follow.status = SurveyStatus.OPEN
    db.session.commit()
    for value, times in (("very_often", 20), ("often", 15), ("not_often", 5)):
        for _ in range(times):
            builders.answer(follow, {"police_respect": value})
    comparison.add_standard(cycle, "fairness_respect", None, "en")
    change = comparison.compare(cycle, "en", by_area=False).overall[0]
    m1 = next(r for r in results.overall(follow, "en") if r.question.code == "police_respect").mean
    m0 = next(r for r in results.overall(cycle.baseline_survey, "en") if r.question.code == "police_respect").mean
    expected = difference_of_means(m1.mean, sd_from_interval(m1.n, m1.low, m1.high), m1.n,
                                   m0.mean, sd_from_interval(m0.n, m0.low, m0.high), m0.n)
    assert change.difference.estimate == pytest.approx(expected.estimate)
    assert (change.difference.low, change.difference.high) == pytest.approx((expected.low, expected.high))
    assert change.difference.significant and change.direction == "improved"


def test_a_question_changed_in_the_follow_up_is_not_compared(db, group, planner, cycle):
    follow = comparison.start_follow_up(cycle, planner)
    question = next(q for q in follow.questions if q.code == "police_confidence")
    question.config = {"options": [{"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}}]}
    db.session.commit()
    comparison.add_standard(cycle, "confidence", None, "en")
    compared = comparison.compare(cycle, "en")
    assert compared.overall == [] and "not asked the same way" in compared.problems[0]


def test_standard_indicators_are_offered_and_missing_ones_explained(db, cycle):
    offers = {o["key"]: o for o in comparison.standard_offer(cycle, "en")}
    assert offers["confidence"]["asked"] and offers["fairness_respect"]["asked"]
    assert not offers["cohesion"]["asked"] and offers["cohesion"]["module"] == "Collective efficacy"
    with pytest.raises(CycleError, match="Collective efficacy"):
        comparison.add_standard(cycle, "cohesion", None, "en")


def test_comparison_page_and_api(client, db, group, planner, partner, cycle):
    _rounds(group, planner, cycle)
    comparison.add_standard(cycle, "confidence", None, "en")
    login(client, partner)
    page = client.get(f"/groups/{group.id}/cycles/{cycle.id}/comparison")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Confidence in the local police" in html and "95% CI" in html
    assert "Not published in both rounds" in html
    api = client.get(f"/api/v1/cycles/{cycle.id}/comparison").get_json()
    assert api["overall"][0]["difference"]["method"].startswith("Newcombe")
    hidden = [c for c in api["by_neighbourhood"] if c["difference"] is None]
    assert hidden and all(c["not_shown_because"] for c in hidden)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/groups/{group_id}/cycles", "/cycles/{cycle_id}", "/cycles/{cycle_id}/priorities",
            "/cycles/{cycle_id}/comparison"} <= set(spec["paths"])
