"""The rules of Step 4 on hand-computed cases: scoring, spread, the gap-based plan, readiness."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from partnership.teams import readiness, scoring, training_plan
from partnership.teams.training_plan import CourseOffer, Gap
from tests.teams.contract import digital_team


@pytest.mark.parametrize("mean, level", [(1.0, 0), (2.4, 0), (2.5, 1), (3.0, 1), (3.49, 1), (3.5, 2), (4.0, 2),
                                         (4.5, 3), (5.0, 3)])
def test_a_mean_score_maps_to_a_step_three_level(mean, level):
    assert scoring.score_to_level(mean) == level


def test_mean_spread_flag_and_gap_per_competence():
    sheets = [{"a": 4, "b": 2}, {"a": 4, "b": 5}, {"a": 5, "b": 2}]
    result = scoring.candidate_result(7, sheets, {"a": 2, "b": 2}, {"a": 3, "b": 1})
    a, b = result.competences
    assert a.mean == pytest.approx(13 / 3) and a.spread == 1 and not a.flagged
    assert a.level == 2 and a.gap == 0
    assert b.mean == 3.0 and b.spread == 3 and b.flagged  # 2 and 5: discuss before ranking
    assert b.level == 1 and b.gap == 1
    # weighted: (3 * 13/3 + 1 * 3) / 4 = 4.0
    assert result.weighted_mean == pytest.approx(4.0)
    assert result.flagged and result.total_gap == 1 and result.raters == 3


def test_ranking_puts_the_best_weighted_mean_first_and_breaks_ties_on_gaps():
    required, weights = {"a": 2, "b": 3}, {"a": 1, "b": 1}
    strong = scoring.candidate_result(1, [{"a": 5, "b": 4}], required, weights)     # 4.5
    even = scoring.candidate_result(2, [{"a": 4, "b": 4}], required, weights)       # 4.0, gap 1 on b
    tie = scoring.candidate_result(3, [{"a": 3, "b": 5}], required, weights)        # 4.0, gap 1 on a
    unscored = scoring.candidate_result(4, [], required, weights)
    assert [r.candidate_id for r in scoring.rank([unscored, tie, even, strong])] == [1, 2, 3, 4]


def test_weights_need_every_competence_and_one_that_counts():
    assert scoring.check_weights(["a", "b"], {"a": 1}) == "b"
    assert scoring.check_weights(["a", "b"], {"a": 0, "b": 0}) == "__all_zero__"
    assert scoring.check_weights(["a", "b"], {"a": 11, "b": 1}) == "a"
    assert scoring.check_weights(["a", "b"], {"a": 0, "b": 3}) is None


def test_plan_closes_most_gap_levels_per_day_and_names_the_gaps_nothing_closes():
    gaps = training_plan.gaps({"cp": 3, "plat": 2, "cyber": 2, "osint": 1, "law": 2},
                              {"cp": 1, "plat": 0, "cyber": 2, "osint": 0, "law": 0})
    assert [(g.code, g.size) for g in gaps] == [("cp", 2), ("plat", 2), ("osint", 1), ("law", 2)]
    courses = [
        CourseOffer(1, "Long all-rounder", 5, "classroom", {"cp": 3, "plat": 2, "osint": 1}),  # 5 levels / 5 days
        CourseOffer(2, "Platforms day", 1, "classroom", {"plat": 2}),                          # 2 / 1
        CourseOffer(3, "Community policing", 2, "classroom", {"cp": 3}),                       # 2 / 2
        CourseOffer(4, "OSINT basics", 0.5, "online", {"osint": 1}),                           # 1 / 0.5
        CourseOffer(5, "Law intro", 1, "online", {"law": 1}),  # reaches level 1 only: does not close law (2)
    ]
    plan = training_plan.plan(gaps, courses)
    # Platforms day (2/day) and OSINT (2/day; tie broken by fewer days: OSINT first), then community policing.
    assert [p.course.title for p in plan.courses] == ["OSINT basics", "Platforms day", "Community policing"]
    assert plan.days == 3.5  # against 5 days for the all-rounder plus nothing for law
    assert [g.code for g in plan.unclosed] == ["law"]


def test_plan_prefers_one_course_closing_several_gaps_when_it_is_cheaper_per_level():
    gaps = [Gap("a", 2, 0), Gap("b", 2, 0)]
    courses = [CourseOffer(1, "Both", 3, "blended", {"a": 2, "b": 2}),  # 4 levels / 3 days
               CourseOffer(2, "Only a", 2, "online", {"a": 2}),          # 2 / 2
               CourseOffer(3, "Only b", 2, "online", {"b": 2})]
    plan = training_plan.plan(gaps, courses)
    assert [p.course.title for p in plan.courses] == ["Both"] and not plan.unclosed


def test_readiness_counts_vacant_seats_as_not_ready():
    profile = digital_team(1)
    dco1 = SimpleNamespace(id=10, role_key="dco", seat=1,
                           current_levels={"community_policing": 2, "platforms": 1, "profile_safety": 2})
    lead = SimpleNamespace(id=11, role_key="lead", seat=1, current_levels={"community_policing": 3, "multi_agency": 0})
    seats = readiness.seats_for(profile.roles, [dco1, lead])
    assert [s.label for s in seats] == ["Digital community officer 1", "Digital community officer 2", "Team leader 1"]
    assert seats[1].vacant
    assert readiness.seat_readiness(seats[0]) == pytest.approx((1 + 0.5 + 1) / 3)
    assert readiness.seat_readiness(seats[1]) == 0
    assert readiness.seat_readiness(seats[2]) == pytest.approx(0.5)
    # 8 requirements: dco1 1 + .5 + 1, dco2 0 + 0 + 0, lead 1 + 0  -> 3.5 / 8
    assert readiness.team_readiness(seats) == pytest.approx(3.5 / 8)
    codes, rows = readiness.matrix(seats)
    assert codes == ["community_policing", "platforms", "profile_safety", "multi_agency"]
    assert rows[0][1]["platforms"].current == 1 and not rows[0][1]["platforms"].met
    assert rows[1][1]["platforms"].current is None and rows[2][1]["platforms"] is None
