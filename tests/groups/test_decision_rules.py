"""Decisions are taken at meetings that have happened, with vote counts that fit the voting organisations.

The same rules hold for the decision register and for adopting a needs list (Step 2), and a refused
form comes back with what was entered and says exactly what is wrong.
"""
from __future__ import annotations

import pytest

from assessments.models import Need, NeedsList
from partnership.groups import decisions
from partnership.groups.errors import GroupError
from partnership.groups.models import Decision
from tests.groups.builders import count, meeting


def test_a_decision_cannot_be_taken_at_a_meeting_still_to_come(partnership):
    future = meeting(partnership.group, days_ago=-7, title="December meeting")
    with pytest.raises(GroupError, match="“December meeting” has not taken place yet") as refused:
        decisions.record(partnership.group, title="Survey", method="consensus", meeting_id=future.id,
                         recorded_by=partnership.users["planner"])
    assert refused.value.field == "meeting_id" and count(Decision) == 0


def test_votes_cannot_outnumber_the_voting_organisations(partnership):
    p = partnership  # four active organisations
    with pytest.raises(GroupError, match="5 votes were entered, but the group has 4 voting member organisations"):
        decisions.record(p.group, title="Survey", method="vote", votes_for=3, votes_against=1, votes_abstain=1,
                         recorded_by=p.users["planner"])
    held = meeting(p.group, days_ago=2, present=[p.police, p.residents], absent=[p.school, p.municipality])
    with pytest.raises(GroupError, match="3 votes were entered, but only 2 organisations were present at this meeting"):
        decisions.record(p.group, title="Survey", method="vote", votes_for=3, votes_against=0, meeting_id=held.id,
                         recorded_by=p.users["planner"])
    decisions.record(p.group, title="Survey", method="vote", votes_for=2, votes_against=0, meeting_id=held.id,
                     recorded_by=p.users["planner"])
    assert count(Decision) == 1


def test_a_refused_vote_keeps_the_form_and_names_the_field(client, login_as, partnership):
    p = partnership
    login_as(p.users["planner"])
    response = client.post(f"/groups/{p.group.id}/decisions/new", data={
        "title": "Run the survey in May", "text": "", "method": "vote", "meeting_id": 0,
        "votes_for": 9, "votes_against": 1, "votes_abstain": 0})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "10 votes were entered, but the group has 4 voting member organisations" in html
    assert 'value="Run the survey in May"' in html and 'value="9"' in html
    assert count(Decision) == 0


def _needs_list(db, group):
    needs_list = NeedsList(group_id=group.id)
    needs_list.needs.append(Need(rank=1, key="custom", title="Drug dealing", score=None, evidence=[]))
    db.session.add(needs_list)
    db.session.commit()
    return needs_list


def test_adopting_needs_follows_the_same_rules_and_keeps_the_form(client, db, login_as, partnership):
    p = partnership
    needs_list = _needs_list(db, p.group)
    future = meeting(p.group, days_ago=-3, title="Next meeting")
    login_as(p.users["planner"])
    url = f"/groups/{p.group.id}/needs/{needs_list.id}/adopt"
    page = client.get(f"/groups/{p.group.id}/needs/{needs_list.id}").get_data(as_text=True)
    assert "Next meeting" not in page  # meetings still to come are not offered

    response = client.post(url, data={"method": "vote", "meeting_id": future.id, "votes_for": 3, "votes_against": 0})
    assert response.status_code == 400 and "has not taken place yet" in response.get_data(as_text=True)

    response = client.post(url, data={"method": "vote", "meeting_id": 0, "votes_for": 1, "votes_against": 2})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "With 1 for and 2 against, the vote did not adopt the list" in html
    assert 'name="votes_for" type="number" value="1"' in html and 'name="votes_against" type="number" value="2"' in html
    assert '<option selected value="vote">' in html  # the form keeps "By vote"

    response = client.post(url, data={"method": "vote", "meeting_id": 0, "votes_for": 6, "votes_against": 0})
    assert "6 votes were entered, but the group has 4 voting member organisations" in response.get_data(as_text=True)
    db.session.refresh(needs_list)
    assert needs_list.status == "draft" and count(Decision) == 0

    asked = client.post(url, data={"method": "vote", "meeting_id": 0, "votes_for": 3, "votes_against": 1})
    html = asked.get_data(as_text=True)
    assert "Adopt this list of 1 needs as a decision of the group?" in html  # asks, carrying the votes
    assert '<input type="hidden" name="votes_for" value="3">' in html and 'name="confirmed" value="1"' in html
    db.session.refresh(needs_list)
    assert needs_list.status == "draft"
    client.post(url, data={"method": "vote", "meeting_id": 0, "votes_for": 3, "votes_against": 1, "confirmed": "1"})
    db.session.refresh(needs_list)
    assert needs_list.status == "adopted"
