"""Priorities as problem-solving records: the cap, the verdict rules, closing at a meeting, reopening."""
from __future__ import annotations

from datetime import timedelta

import pytest

from partnership.cycles import comparison, engagement, lifecycle, problem_solving
from partnership.cycles.errors import CycleError
from partnership.cycles.models import ActionStatus, PriorityStatus
from partnership.dbtypes import utcnow
from partnership.groups.models import Decision, Meeting
from tests.conftest import login
from tests.cycles import builders

PS = problem_solving


@pytest.mark.parametrize("process, impact, expected", [
    (PS.CARRIED_OUT, PS.IMPROVED, PS.WORKED),
    (PS.CARRIED_OUT, PS.NOT_IMPROVED, PS.DID_NOT_WORK),
    (PS.CARRIED_OUT, PS.UNKNOWN, PS.AWAITING_MEASURE),
    (PS.NOT_CARRIED_OUT, PS.IMPROVED, PS.NO_CONCLUSION),
    (PS.NOT_CARRIED_OUT, PS.NOT_IMPROVED, PS.NO_CONCLUSION),
    (PS.NO_RESPONSE, PS.IMPROVED, PS.NO_CONCLUSION),
])
def test_verdict_rules(process, impact, expected):
    assert PS.verdict(process, impact) == expected


def test_impact_from_measured_changes():
    # higher is better, significant rise: improved; lower is better, significant fall: improved
    assert PS.impact_from_changes([(True, 0.1, True)]) == PS.IMPROVED
    assert PS.impact_from_changes([(False, -0.1, True)]) == PS.IMPROVED
    # a change inside the interval is no evidence of improvement
    assert PS.impact_from_changes([(True, 0.1, False)]) == PS.NOT_IMPROVED
    # one indicator better, another significantly worse: not improved
    assert PS.impact_from_changes([(True, 0.1, True), (True, -0.2, True)]) == PS.NOT_IMPROVED
    # counts have no interval: the direction decides
    assert PS.impact_from_changes([(False, -3, None)]) == PS.IMPROVED
    # nothing measured: the group's own judgement, or unknown
    assert PS.impact_from_changes([(True, None, None)], PS.NOT_IMPROVED) == PS.NOT_IMPROVED
    assert PS.impact_from_changes([]) == PS.UNKNOWN


def test_process_separates_carried_out_from_not(db, cycle, planner):
    priority = PS.add_priority(cycle, need_key="drug_dealing", user=planner)
    assert PS.assessment(priority)["process"] == PS.NO_RESPONSE
    first = PS.add_action(priority, description="Foot patrols at the station stairs", owner="PSP 32.ª Esquadra",
                          deadline=None)
    second = PS.add_action(priority, description="Repair the lights", owner="Junta de Freguesia", deadline=None)
    PS.set_action_status(first, ActionStatus.DONE)
    assert PS.assessment(priority)["verdict"] == PS.NO_CONCLUSION
    PS.set_action_status(second, ActionStatus.DONE)
    assert PS.assessment(priority)["process"] == PS.CARRIED_OUT
    assert PS.assessment(priority)["verdict"] == PS.AWAITING_MEASURE
    # A count indicator that fell (lower is better) gives the verdict "worked".
    comparison.add_count_indicator(cycle, title="Reports of dealing", baseline=40, target=20, higher_is_better=False,
                                   priority_id=priority.id)
    priority.indicators[0].follow_up_value = 25
    db.session.commit()
    assert PS.assessment(priority)["verdict"] == PS.WORKED
    priority.indicators[0].follow_up_value = 45
    db.session.commit()
    assert PS.assessment(priority)["verdict"] == PS.DID_NOT_WORK


def test_at_most_three_active_priorities_by_default_and_the_group_can_change_it(db, group, cycle, planner):
    for key in ("drug_dealing", "lighting", "groups"):
        PS.add_priority(cycle, need_key=key, user=planner)
    with pytest.raises(CycleError, match="at most 3"):
        PS.add_priority(cycle, need_key="noise", user=planner)
    lifecycle.update_settings(group, max_active_priorities=4, response_target_days=3, public_page=True)
    assert PS.add_priority(cycle, need_key="noise", user=planner).title == "Noise"
    assert engagement.settings_for(group).max_active_priorities == 4


def test_actions_refuse_personal_identifiers(db, cycle, planner):
    priority = PS.add_priority(cycle, need_key="lighting", user=planner)
    with pytest.raises(CycleError, match="phone number"):
        PS.add_action(priority, description="Call 912 345 678 about the lamps", owner="Junta", deadline=None)


def test_closing_needs_a_meeting_and_records_a_decision(db, group, cycle, planner, meeting):
    priority = PS.add_priority(cycle, need_key="lighting", user=planner)
    with pytest.raises(CycleError, match="at a meeting"):
        PS.close_priority(priority, meeting_id=None, method="consensus", user=planner)
    assert priority.status == PriorityStatus.ACTIVE
    future = Meeting(group=group, title="Next", starts_at=utcnow() + timedelta(days=3))
    db.session.add(future)
    db.session.commit()
    with pytest.raises(CycleError, match="has not taken place yet"):
        PS.close_priority(priority, meeting_id=future.id, method="consensus", user=planner)
    decision = PS.close_priority(priority, meeting_id=meeting.id, method="consensus", user=planner)
    assert priority.status == PriorityStatus.CLOSED and priority.closed_decision_id == decision.id
    assert decision.meeting_id == meeting.id and decision.subject == f"priority:{priority.id}"
    assert "no conclusion" in decision.text.lower()
    # Reopen, and the cap still holds.
    PS.reopen_priority(priority, planner)
    assert priority.status == PriorityStatus.ACTIVE and priority.closed_decision_id is None
    assert db.session.query(Decision).filter_by(subject=f"priority:{priority.id}").count() == 1


def test_reopening_respects_the_cap(db, cycle, planner, meeting):
    first = PS.add_priority(cycle, need_key="drug_dealing", user=planner)
    PS.close_priority(first, meeting_id=meeting.id, method="consensus", user=planner)
    for key in ("lighting", "groups", "noise"):
        PS.add_priority(cycle, need_key=key, user=planner)
    with pytest.raises(CycleError, match="at most 3"):
        PS.reopen_priority(first, planner)
    assert first.status == PriorityStatus.CLOSED


def test_a_priority_is_worked_to_a_verdict_through_the_pages(client, db, group, cycle, planner, partner, meeting):
    login(client, partner)
    base = f"/groups/{group.id}/cycles/{cycle.id}"
    response = client.post(base + "/priorities", data={"need": "drug_dealing", "title": ""})
    assert response.status_code == 302
    priority = cycle.priorities[0]
    page = base + f"/priorities/{priority.id}"
    assert client.post(page, data={"step": "action", "action-description": "Daily foot patrol at the stairs",
                                   "action-owner": "PSP", "action-deadline": ""}).status_code == 302
    action = priority.actions[0]
    assert client.post(page, data={"step": "status", "status-action_id": str(action.id),
                                   "status-status": "done"}).status_code == 302
    assert client.post(page, data={"step": "record", "record-scanning": "Residents named the stairs",
                                   "record-analysis": "Evenings, after 20:00", "record-impact": "improved",
                                   "record-displacement": "displacement",
                                   "record-displacement_notes": "Some dealing moved to the park"}).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Carried out and improved" in html and "Some dealing moved to the park" in html
    # Closing without a meeting is refused with the reason, nothing changes.
    refused = client.post(page, data={"step": "close", "close-meeting_id": "0", "close-method": "consensus"})
    assert refused.status_code == 400 and "at a meeting" in refused.get_data(as_text=True)
    assert client.post(page, data={"step": "close", "close-meeting_id": str(meeting.id),
                                   "close-method": "consensus"}).status_code == 302
    db.session.refresh(priority)
    assert priority.status == PriorityStatus.CLOSED
    assert client.post(page, data={"step": "reopen"}).status_code == 302
    db.session.refresh(priority)
    assert priority.status == PriorityStatus.ACTIVE
