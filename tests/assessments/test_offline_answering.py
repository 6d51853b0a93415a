"""Residents answering with no signal: the one-page offline form, its rules for the phone, and the exactly-once send."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from assessments import builder
from assessments.models import Answer, AnswerDraft, Channel, Response
from assessments.offline_rules import survey_rules

JSON = {"Accept": "application/json"}
LABELS = {"feel": {"en": "How do you feel at night?", "pt": "Como se sente à noite?", "es": "¿Cómo se siente de noche?"}}


@pytest.fixture
def paged_survey(db, group):
    """Three pages: a required choice, a number 0-20 and (only if unsafe) a short text of at most 10 characters."""
    s = builder.create_survey(group, title={"en": "Nights", "pt": "Noites", "es": "Noches"}, languages=["en", "pt", "es"])
    builder.add_question(s, code="feel", type="single", label=LABELS["feel"], required=True,
                         config={"options": [{"value": "safe", "label": {"en": "Safe", "pt": "Seguro", "es": "Seguro"}},
                                             {"value": "unsafe", "label": {"en": "Unsafe", "pt": "Inseguro", "es": "Inseguro"}}]})
    builder.add_question(s, code="times", type="numeric", label={"en": "How many times?", "pt": "Quantas vezes?"},
                         config={"min": 0, "max": 20}, new_page=True, required=True)
    builder.add_question(s, code="why", type="text", label={"en": "Why?", "pt": "Porquê?"}, config={"max_length": 10},
                         show_if_code="feel", show_if_values=["unsafe"], new_page=True)
    builder.set_status(s, "open")
    return s


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _rules(html: str, element_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert match, f"no {element_id} on the page"
    return json.loads(match.group(1))


def test_the_offline_form_carries_every_question_and_the_servers_rules_in_the_residents_language(client, paged_survey):
    page = client.get(f"/s/{paged_survey.slug}/offline/pt")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="pt">' in html
    for name in ("q_feel", "q_times", "q_why"):
        assert f'name="{name}"' in html
    assert "data-outbox" in html and "offline-check.js" in html and "offline-outbox.js" in html
    rules = _rules(html, "survey-rules")
    by_code = {q["code"]: q for q in rules["questions"]}
    assert by_code["feel"]["required"] is True and by_code["feel"]["options"] == ["safe", "unsafe"]
    assert (by_code["times"]["min"], by_code["times"]["max"], by_code["times"]["integer"]) == (0, 20, True)
    assert by_code["why"]["limit"] == 10 and by_code["why"]["show_if"] == {"code": "feel", "values": ["unsafe"]}
    # The server's own messages, in Portuguese, placeholders left for the phone to fill.
    assert rules["messages"]["required"] == "Responda a esta pergunta."
    assert "%(max)s" in rules["messages"]["max"] and "%(count)d" in rules["messages"]["limit"]
    assert by_code["feel"]["label"] == "Como se sente à noite?"
    # A language the survey does not have goes to its default one.
    assert client.get(f"/s/{paged_survey.slug}/offline/de").status_code in (302, 404)


def test_rules_are_generated_from_the_question_definitions(app, paged_survey):
    with app.test_request_context():
        rules = survey_rules(list(paged_survey.questions), "en", enforce_required=False)
    assert rules["enforce_required"] is False
    assert [q["code"] for q in rules["questions"]] == ["feel", "times", "why"]
    assert rules["messages"]["min"] == "Please enter a number of at least %(min)s."


def test_answers_sent_from_the_phone_are_stored_once(client, db, paged_survey, group):
    url = f"/s/{paged_survey.slug}/offline"
    data = {"submission_key": "resident-phone-key-01", "language": "es", "q_feel": "unsafe", "q_times": "3",
            "q_why": "dark", "neighbourhood_id": str(group.neighbourhoods[0].id)}
    first = client.post(url, data=data, headers=JSON)
    assert first.status_code == 201 and first.json == {"ok": True, "created": True}
    # The answer to the first send was lost on the way back: the phone sends it again, twice.
    for _ in range(2):
        again = client.post(url, data=data, headers=JSON)
        assert again.status_code == 200 and again.json == {"ok": True, "created": False}
    response = db.session.scalars(select(Response)).one()
    assert (response.channel, response.language, response.neighbourhood_id) == (Channel.LINK, "es", group.neighbourhoods[0].id)
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.response_id == response.id)) == 3


def test_a_survey_begun_online_and_finished_offline_is_stored_once_and_its_draft_removed(client, db, paged_survey, group):
    client.post(f"/s/{paged_survey.slug}", data={"neighbourhood_id": group.neighbourhoods[0].id, "language": "pt"})
    client.post(f"/s/{paged_survey.slug}/p/1", data={"q_feel": "safe", "action": "next"})
    page = client.get(f"/s/{paged_survey.slug}/p/2").get_data(as_text=True)
    key = re.search(r'data-draft-key="([^"]+)"', page).group(1)
    assert db.session.get(AnswerDraft, key) is not None
    # Signal gone on page 2: the rest is answered on the offline form, which sends the draft's key.
    data = {"submission_key": key, "language": "pt", "q_feel": "safe", "q_times": "0", "neighbourhood_id": "none"}
    assert client.post(f"/s/{paged_survey.slug}/offline", data=data, headers=JSON).status_code == 201
    assert client.post(f"/s/{paged_survey.slug}/offline", data=data, headers=JSON).status_code == 200
    response = db.session.scalars(select(Response)).one()
    # The neighbourhood chosen online counts (the draft's), and the draft is gone from the server.
    assert response.neighbourhood_id == group.neighbourhoods[0].id
    assert db.session.get(AnswerDraft, key) is None
    # The online Send button of a second tab then finds the answers stored: nothing twice.
    client.post(f"/s/{paged_survey.slug}/submit", data={"submission_key": key})
    assert _count(db) == 1


@pytest.mark.parametrize("fields, reason", [
    ({"q_times": "3"}, "How do you feel at night?: Please answer this question."),
    ({"q_feel": "safe", "q_times": "25"}, "How many times?: Please enter a number of at most 20."),
    ({"q_feel": "unsafe", "q_times": "2", "q_why": "far too dark here"}, "Why?: This answer has 17 characters"),
    ({"q_feel": "maybe", "q_times": "1"}, "Please choose one of the options given."),
])
def test_a_refused_send_says_why_and_stores_nothing(client, db, paged_survey, fields, reason):
    response = client.post(f"/s/{paged_survey.slug}/offline", headers=JSON,
                           data={"submission_key": "resident-phone-key-02", "language": "en", **fields})
    assert response.status_code == 400 and reason in response.json["error"]
    assert _count(db) == 0


def test_a_refusal_is_in_the_residents_language(client, db, paged_survey):
    response = client.post(f"/s/{paged_survey.slug}/offline", headers=JSON,
                           data={"submission_key": "resident-phone-key-03", "language": "pt", "q_times": "3"})
    assert response.status_code == 400
    assert response.json["error"] == "Como se sente à noite?: Responda a esta pergunta."


def test_skipped_question_is_not_checked_and_bad_keys_or_closed_surveys_are_refused(client, db, paged_survey):
    url = f"/s/{paged_survey.slug}/offline"
    # "why" is hidden (feel is safe): its over-long text is dropped, not refused.
    ok = client.post(url, headers=JSON, data={"submission_key": "resident-phone-key-04", "q_feel": "safe",
                                              "q_times": "1", "q_why": "x" * 50})
    assert ok.status_code == 201
    bad_key = client.post(url, headers=JSON, data={"submission_key": "x", "q_feel": "safe", "q_times": "1"})
    assert bad_key.status_code == 400 and "no valid key" in bad_key.json["error"]
    builder.set_status(paged_survey, "closed")
    closed = client.post(url, headers=JSON, data={"submission_key": "resident-phone-key-05", "q_feel": "safe", "q_times": "1"})
    assert closed.status_code == 400 and "closed" in closed.json["error"]
    assert _count(db) == 1


def test_without_javascript_the_offline_form_posts_like_any_form(client, db, paged_survey):
    url = f"/s/{paged_survey.slug}/offline"
    shown = client.post(url, data={"submission_key": "resident-phone-key-06", "q_times": "3"})
    assert shown.status_code == 400 and "Please answer this question." in shown.get_data(as_text=True)
    done = client.post(url, data={"submission_key": "resident-phone-key-06", "q_feel": "safe", "q_times": "3"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/s/{paged_survey.slug}/thanks")
    assert _count(db) == 1


def test_survey_pages_point_to_the_offline_form_and_keep_working_without_javascript(client, paged_survey, group):
    start = client.get(f"/s/{paged_survey.slug}?lang=es").get_data(as_text=True)
    assert "data-survey-offline" in start and f"/s/{paged_survey.slug}/offline/es" in start and "survey-offline.js" in start
    # The no-JS flow is unchanged: a page at a time, with the server-side draft.
    assert client.post(f"/s/{paged_survey.slug}", data={"neighbourhood_id": "none"}).status_code == 302
    assert client.post(f"/s/{paged_survey.slug}/p/1", data={"q_feel": "unsafe", "action": "next"}).headers["Location"].endswith("/p/2")
