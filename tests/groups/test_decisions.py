"""Decisions: how they were taken, validated, linked to meetings, audited."""
from __future__ import annotations

from datetime import timedelta

import pytest

from partnership.dbtypes import utcnow
from partnership.groups import decisions
from partnership.groups.errors import GroupError
from partnership.groups.models import Decision
from tests import factories
from tests.groups.builders import audit_count, count, meeting


def record(p, **changes):
    values = {"title": "Run the needs survey in May", "method": "consensus", **changes}
    return decisions.record(p.group, recorded_by=p.users["planner"], **values)


def test_a_consensus_has_no_counts(partnership):
    d = record(partnership)
    assert (d.votes_for, d.votes_against, d.votes_abstain) == (None, None, None)
    with pytest.raises(GroupError, match="no vote counts") as refused:
        record(partnership, votes_for=3)
    assert refused.value.field == "votes_for"
    assert count(Decision) == 1


def test_a_vote_needs_non_negative_counts(partnership):
    with pytest.raises(GroupError, match="for and against"):
        record(partnership, method="vote", votes_for=3)
    with pytest.raises(GroupError, match="from 0 up") as refused:
        record(partnership, method="vote", votes_for=3, votes_against=-1)
    assert refused.value.field == "votes_against"
    with pytest.raises(GroupError, match="at least one vote"):
        record(partnership, method="vote", votes_for=0, votes_against=0)
    assert count(Decision) == 0
    d = record(partnership, method="vote", votes_for=3, votes_against=1)
    assert (d.votes_for, d.votes_against, d.votes_abstain) == (3, 1, 0)
    assert decisions.outcome(d) == "Vote: 3 for, 1 against, 0 abstaining"


def test_unknown_method_and_missing_title_are_refused(partnership):
    with pytest.raises(GroupError) as refused:
        record(partnership, method="coin toss")
    assert refused.value.field == "method"
    with pytest.raises(GroupError) as refused:
        record(partnership, title="  ")
    assert refused.value.field == "title"
    assert count(Decision) == 0


def test_a_decision_at_a_meeting_takes_its_date(partnership):
    m = meeting(partnership.group, days_ago=12)
    d = record(partnership, meeting_id=m.id)
    assert d.meeting == m and d.decided_at == m.starts_at
    assert audit_count("decision.recorded") == 1


def test_meetings_of_other_groups_and_future_meetings_are_refused(partnership, municipality):
    other = factories.security_group(municipality)
    foreign = meeting(other, days_ago=3)
    with pytest.raises(GroupError, match="this group's meetings"):
        record(partnership, meeting_id=foreign.id)
    upcoming = meeting(partnership.group, days_ago=-3)
    with pytest.raises(GroupError, match="has not taken place yet"):
        record(partnership, meeting_id=upcoming.id)
    with pytest.raises(GroupError, match="future"):
        record(partnership, decided_at=utcnow() + timedelta(days=1))
    assert count(Decision) == 0


# --- through the pages ---------------------------------------------------------------------------

def test_partner_records_a_vote_at_a_meeting(client, login_as, partnership):
    p = partnership
    m = meeting(p.group, days_ago=2)
    login_as(p.users["partner"])
    form = client.get(f"/groups/{p.group.id}/decisions/new?meeting_id={m.id}").get_data(as_text=True)
    assert f'<option selected value="{m.id}">' in form
    response = client.post(f"/groups/{p.group.id}/decisions/new", data={
        "title": "Adopt the survey plan", "text": "", "meeting_id": m.id, "method": "vote",
        "votes_for": "3", "votes_against": "1", "votes_abstain": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/meetings/{m.id}#decisions")
    page = client.get(f"/groups/{p.group.id}/meetings/{m.id}").get_data(as_text=True)
    assert "Adopt the survey plan" in page and "Vote: 3 for, 1 against, 0 abstaining" in page
    listing = client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)
    assert "Adopt the survey plan" in listing


@pytest.mark.parametrize("changes,message", [
    ({"title": ""}, "Say in a few words what was decided."),
    ({"method": ""}, "Choose how the decision was taken."),
    ({"method": "vote", "votes_for": "-2", "votes_against": "1"}, "Vote counts must be whole numbers from 0 to 10000."),
    ({"method": "vote", "votes_for": "many", "votes_against": "1"}, "Not a valid integer value."),
    ({"method": "vote", "votes_for": "", "votes_against": ""}, "Enter the number of votes for and against"),
    ({"method": "consensus", "votes_for": "3"}, "A decision by consensus has no vote counts."),
    ({"meeting_id": "424242"}, "Choose one of this group&#39;s meetings."),
])
def test_decision_form_bad_input_keeps_typed_values_and_stores_nothing(client, login_as, partnership, changes, message):
    login_as(partnership.users["planner"])
    typed = {"title": "Adopt the plan", "text": "Details typed by hand", "meeting_id": "0", "method": "consensus",
             "votes_for": "", "votes_against": "", "votes_abstain": "", **changes}
    response = client.post(f"/groups/{partnership.group.id}/decisions/new", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and "error-summary" in html
    assert "Details typed by hand" in html
    if typed["votes_for"]:
        assert f'value="{typed["votes_for"]}"' in html
    assert count(Decision) == 0 and audit_count("decision.recorded") == 0
