"""Door-to-door questionnaires typed without signal: sent later from the phone's outbox, each stored once."""
from __future__ import annotations

from sqlalchemy import func, select

from assessments.models import Channel, Response
from tests.conftest import login

JSON = {"Accept": "application/json"}


def test_questionnaires_sent_from_the_outbox_are_stored_once(client, db, small_survey, partner, group):
    login(client, partner)
    url = f"/groups/{group.id}/surveys/{small_survey.id}/paper"
    page = client.get(url, follow_redirects=True).get_data(as_text=True)  # a blank form gets its one-time token
    assert "data-outbox" in page and 'data-outbox-when="offline"' in page and "offline-outbox.js" in page
    first = {"submission_key": "phone-key-0000000001", "q_feel": "unsafe", "language": "en"}
    second = {"submission_key": "phone-key-0000000002", "q_feel": "safe", "language": "en"}
    assert client.post(url, data=first, headers=JSON).status_code == 201
    assert client.post(url, data=second, headers=JSON).status_code == 201
    # The answer to the first send was lost: the phone sends it again.
    again = client.post(url, data=first, headers=JSON)
    assert again.status_code == 200 and again.json == {"ok": True, "created": False}
    stored = db.session.scalars(select(Response)).all()
    assert len(stored) == 2 and {r.channel for r in stored} == {Channel.PAPER}


def test_a_refused_questionnaire_says_why_and_stores_nothing(client, db, small_survey, partner, group):
    login(client, partner)
    url = f"/groups/{group.id}/surveys/{small_survey.id}/paper"
    bad = client.post(url, data={"submission_key": "phone-key-0000000003", "q_feel": "maybe"}, headers=JSON)
    assert bad.status_code == 400 and "feel" in bad.json["error"]
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
