"""A cycle: opening from the adopted needs, the phase rules, service level, closing with a report, the next cycle."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnership.cycles import engagement, lifecycle, problem_solving, report
from partnership.cycles.errors import CycleError
from partnership.cycles.lifecycle import COMPLETE, IN_PROGRESS, NOT_STARTED
from partnership.cycles.models import ActionStatus, CycleStatus, PriorityStatus
from partnership.groups.models import Decision
from partnership.teams.public import PlannedTraining
from tests.conftest import login
from tests.cycles import builders


def test_a_cycle_needs_an_adopted_needs_list(db, group, planner):
    with pytest.raises(CycleError, match="Adopt a list"):
        lifecycle.open_cycle(group, starts_on=date.today(), months=12, user=planner)


def test_opening_a_cycle_copies_the_adopted_needs_and_the_baseline(db, group, planner, baseline, cycle):
    assert [n["title"] for n in cycle.needs][:2] == ["Drug dealing", "Poor street lighting"]
    assert cycle.baseline_survey_id == baseline.id and cycle.number == 1
    with pytest.raises(CycleError, match="Close the current cycle"):
        lifecycle.open_cycle(group, starts_on=date.today(), months=6, user=planner)
    with pytest.raises(CycleError, match="six or twelve"):
        lifecycle.open_cycle(group, starts_on=date.today(), months=7, user=planner)


def test_period_end(db, cycle):
    cycle.starts_on, cycle.months = date(2026, 8, 31), 6
    assert cycle.ends_on == date(2027, 2, 28)
    cycle.months = 12
    assert cycle.ends_on == date(2027, 8, 31)


def _phase(cycle, key):
    return next(p for p in lifecycle.phases(cycle) if p.key == key)


def test_training_phase_lists_step4_plans_and_cycle_training_and_completion_carries_over(
        db, group, planner, cycle, meeting, monkeypatch):
    plans = [PlannedTraining(101, "Community officer", "Officer A", "Community policing and prevention of radicalisation",
                             ("community_policing",), 3.0, "blended", None),
             PlannedTraining(102, "Digital community officer", "Officer B", "Cybersecurity before going online",
                             ("digital",), 2.0, "online", date.today() - timedelta(days=10))]
    monkeypatch.setattr(lifecycle, "team_plans", lambda group_: plans)
    assert _phase(cycle, "training").state == IN_PROGRESS  # one plan item already done in Step 4
    lifecycle.add_training(cycle, title="Online street language workshop", who="Team", days=1, mode="classroom")
    items = lifecycle.training_items(cycle)
    assert [(i.source, i.completed_on is not None) for i in items] == [("plan", False), ("plan", True), ("cycle", False)]
    lifecycle.complete_training(cycle, source="plan", item_id=101, completed_on=date.today())
    assert _phase(cycle, "training").state == IN_PROGRESS
    with pytest.raises(CycleError):
        lifecycle.complete_training(cycle, source="plan", item_id=999, completed_on=date.today())
    # Close the cycle with the workshop unfinished: it carries into the next cycle, and plan 101 stays completed.
    lifecycle.close_cycle(cycle, meeting_id=meeting.id, method="consensus", lessons="Start online work earlier.",
                          user=planner)
    following = lifecycle.open_cycle(group, starts_on=date.today(), months=6, user=planner)
    items = {i.title: i for i in lifecycle.training_items(following)}
    assert items["Community policing and prevention of radicalisation"].completed_on == date.today()
    assert items["Online street language workshop"].completed_on is None
    lifecycle.complete_training(following, source="cycle", item_id=items["Online street language workshop"].id,
                                completed_on=date.today())
    assert _phase(following, "training").state == COMPLETE


def test_integration_phase_needs_offline_online_and_the_service_level(db, group, cycle):
    assert _phase(cycle, "integration").state == NOT_STARTED
    day = date.today() - timedelta(days=20)
    engagement.log_activity(cycle, kind="school_visit", happened_on=day, neighbourhood_id=group.neighbourhoods[0].id,
                            contacts=60, partners="School cluster")
    assert _phase(cycle, "integration").state == IN_PROGRESS
    engagement.log_activity(cycle, kind="gaming", happened_on=day, platform="minecraft", contacts=12)
    # Received on a Friday, answered the next Wednesday: three working days, within the default target.
    friday = day - timedelta(days=(day.weekday() - 4) % 7)
    engagement.log_messages(cycle, platform="instagram", received_on=friday, count=9,
                            answered_on=friday + timedelta(days=5))
    level = engagement.service_level(cycle)
    assert (level.received, level.within_target, level.met) == (9, 9, True)
    assert _phase(cycle, "integration").state == COMPLETE
    # Two messages answered after a week: 9 of 11 within target is below 90%.
    engagement.log_messages(cycle, platform="instagram", received_on=friday, count=2,
                            answered_on=friday + timedelta(days=10))
    assert engagement.service_level(cycle).met is False
    assert _phase(cycle, "integration").state == IN_PROGRESS


def test_working_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert engagement.working_days(friday, friday + timedelta(days=3)) == 1  # Monday
    assert engagement.working_days(friday, friday + timedelta(days=5)) == 3  # Wednesday


def test_engagement_refuses_bad_input(db, cycle):
    with pytest.raises(CycleError, match="platform"):
        engagement.log_activity(cycle, kind="live_chat", happened_on=date.today(), platform="")
    with pytest.raises(CycleError, match="within the cycle"):
        engagement.log_activity(cycle, kind="patrol", happened_on=cycle.starts_on - timedelta(days=1))
    with pytest.raises(CycleError, match="before it was received"):
        engagement.log_messages(cycle, platform="x", received_on=date.today(), count=1,
                                answered_on=date.today() - timedelta(days=1))
    with pytest.raises(CycleError, match="never a person"):
        engagement.log_activity(cycle, kind="patrol", happened_on=date.today(), notes="Talked to @maria_r")
    assert not cycle.activities and not cycle.messages


def test_summaries_per_month_platform_and_place(db, group, cycle):
    place = group.neighbourhoods[0].id
    engagement.log_activity(cycle, kind="patrol", happened_on=cycle.starts_on + timedelta(days=1),
                            neighbourhood_id=place, contacts=5)
    engagement.log_activity(cycle, kind="post", happened_on=cycle.starts_on + timedelta(days=40), platform="instagram",
                            contacts=100)
    engagement.log_activity(cycle, kind="live_chat", happened_on=cycle.starts_on + timedelta(days=41),
                            platform="instagram", contacts=20, neighbourhood_id=place)
    summary = engagement.summary(cycle)
    assert [row[1:] for row in summary.by_month] == [(1, 0, 5), (0, 2, 120)]
    assert summary.by_platform == [("Instagram", 2, 120)]
    assert summary.by_place == {place: 2}


def test_needs_phase_and_closing_the_cycle_with_its_report(db, group, planner, cycle, meeting):
    assert _phase(cycle, "needs").state == NOT_STARTED
    worked = problem_solving.add_priority(cycle, need_key="lighting", user=planner)
    action = problem_solving.add_action(worked, description="Repair 14 street lights", owner="Junta", deadline=None)
    problem_solving.set_action_status(action, ActionStatus.DONE)
    worked.impact = "improved"
    open_one = problem_solving.add_priority(cycle, need_key="drug_dealing", user=planner)
    problem_solving.close_priority(worked, meeting_id=meeting.id, method="consensus", user=planner)
    assert _phase(cycle, "needs").state == IN_PROGRESS
    text = report.report_text(cycle)
    assert "Poor street lighting: Carried out and improved" in text
    with pytest.raises(CycleError, match="taught"):
        lifecycle.close_cycle(cycle, meeting_id=meeting.id, method="consensus", lessons="  ", user=planner)
    decision = lifecycle.close_cycle(cycle, meeting_id=meeting.id, method="vote", votes_for=1, votes_against=0,
                                     lessons="Lighting works; dealing moved.", user=planner)
    assert cycle.status == CycleStatus.CLOSED and cycle.report_decision_id == decision.id
    assert decision.subject == f"cycle:{cycle.id}" and "What was learned" in decision.text
    assert db.session.query(Decision).filter_by(subject=f"cycle:{cycle.id}").count() == 1
    # The next cycle: lighting worked and drops out; dealing is still worked on and comes first, carried over.
    following = lifecycle.open_cycle(group, starts_on=date.today(), months=12, user=planner)
    titles = [n["title"] for n in following.needs]
    assert titles[0] == "Drug dealing" and "Poor street lighting" not in titles
    assert [p.title for p in following.priorities] == ["Drug dealing"]
    assert following.priorities[0].carried_from_id == open_one.id
    assert open_one.status == PriorityStatus.ACTIVE  # the old record stays as it was


def test_report_page_and_print(client, group, planner, reviewer, cycle):
    login(client, reviewer)
    page = client.get(f"/groups/{group.id}/cycles/{cycle.id}/report")
    assert page.status_code == 200 and "What was learned" in page.get_data(as_text=True)
    assert "Adopt the report" not in page.get_data(as_text=True)  # reviewers follow, they do not decide
    printed = client.get(f"/groups/{group.id}/cycles/{cycle.id}/report/print")
    assert printed.status_code == 200 and "Needs carried into the next cycle" in printed.get_data(as_text=True)


def test_closing_through_the_page(client, db, group, planner, cycle, meeting):
    login(client, planner)
    url = f"/groups/{group.id}/cycles/{cycle.id}/report"
    refused = client.post(url, data={"lessons": "Learned a lot", "meeting_id": "0", "method": "vote",
                                     "votes_for": "", "votes_against": ""})
    assert refused.status_code == 400 and cycle.status == CycleStatus.OPEN
    done = client.post(url, data={"lessons": "Learned a lot", "meeting_id": str(meeting.id), "method": "consensus"})
    assert done.status_code == 302
    db.session.refresh(cycle)
    assert cycle.status == CycleStatus.CLOSED and cycle.lessons == "Learned a lot"
    opened = client.post(f"/groups/{group.id}/cycles", data={"starts_on": date.today().isoformat(), "months": "6"})
    assert opened.status_code == 302
