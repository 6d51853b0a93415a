"""Answering on a phone-sized page flow, invitations that cannot be linked, double submits, paper entry."""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import func, inspect, select

from assessments import answering, distribution
from assessments.models import Answer, AnswerDraft, Channel, InvitationToken, Response
from tests.assessments.conftest import answer
from tests.conftest import login

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) Mobile", "Accept-Language": "pt-PT,pt;q=0.9"}


def _walk(client, survey, answers_by_code: dict, lang="pt"):
    """Go through every page, filling in the given form fields; returns the last response."""
    response = client.post(f"/s/{survey.slug}", data={"language": lang, "neighbourhood_id": survey.group.neighbourhoods[0].id},
                           headers=PHONE)
    assert response.status_code == 302
    location = response.headers["Location"]
    pages_seen = 0
    while "/p/" in location:
        page = client.get(location, headers=PHONE)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        pages_seen += 1
        fields = set(re.findall(r'name="(q_[^"]+)"', html))
        data = {name: value for name, value in answers_by_code.items() if name in fields}
        response = client.post(location, data=data, headers=PHONE)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        location = response.headers["Location"]
    assert location.endswith("/review")
    return client.get(location), pages_seen


def test_phone_journey_in_portuguese_with_map_list_alternative(client, db, survey):
    place = {"value": "parque", "lat": 38.7512, "lng": -9.1131, "label": {"pt": "Parque da Bela Vista", "en": "Bela Vista park"}}
    map_q = next(q for q in survey.questions if q.type == "map")
    map_q.config = {"places": [place]}
    db.session.commit()
    start = client.get(f"/s/{survey.slug}?lang=pt", headers=PHONE)
    html = start.get_data(as_text=True)
    assert "Começar o inquérito" in html and 'name="viewport"' in html
    fields = {"q_safety_dark": "a_bit_unsafe", "q_unsafe_place_place": "parque", "q_problems__drug_dealing": "very_big",
              "q_vict_theft": "yes", "q_vict_reported": "none", "q_vict_why_not": "fear", "q_priorities__drug_dealing": "1",
              "q_age_band": "a25_44"}
    review, pages_seen = _walk(client, survey, fields)
    assert pages_seen == len(answering.visible_pages(survey, {"vict_reported": "none"}))
    key = re.search(r'name="submission_key" value="([^"]+)"', review.get_data(as_text=True)).group(1)
    done = client.post(f"/s/{survey.slug}/submit", data={"submission_key": key}, headers=PHONE)
    assert done.headers["Location"].endswith("/thanks")
    stored = db.session.scalars(select(Answer).join(Response).where(Response.survey_id == survey.id)).all()
    by_question = {a.question_id: a for a in stored}
    assert by_question[map_q.id].option == "parque" and by_question[map_q.id].lat == 38.7512
    assert {a.option for a in stored} >= {"a_bit_unsafe", "very_big", "fear", "a25_44"}
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert response.language == "pt" and response.channel == Channel.LINK
    assert db.session.scalar(select(func.count()).select_from(AnswerDraft)) == 0  # nothing half-done stays behind


def test_page_errors_keep_answers_and_say_what_to_fix(client, db, survey):
    survey.questions[0].required = True
    db.session.commit()
    client.post(f"/s/{survey.slug}", data={"language": "en", "neighbourhood_id": "none"})
    response = client.post(f"/s/{survey.slug}/p/1", data={"q_safety_day": "fairly_safe"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Please answer this question." in html
    assert 'value="fairly_safe" checked' in html


def test_skip_rule_hides_and_drops_answers(app, survey):
    questions = list(survey.questions)
    clean, errors = answering.validate(questions, {"vict_reported": "all", "vict_why_not": ["fear"]})
    assert not errors and "vict_why_not" not in clean  # shown only for "some"/"none"
    clean, _ = answering.validate(questions, {"vict_reported": "none", "vict_why_not": ["fear"]})
    assert clean["vict_why_not"] == ["fear"]


def test_double_submit_stores_one_answer(client, db, small_survey):
    client.post(f"/s/{small_survey.slug}", data={"language": "en", "neighbourhood_id": "none"})
    client.post(f"/s/{small_survey.slug}/p/1", data={"q_feel": "safe"})
    client.post(f"/s/{small_survey.slug}/p/2", data={"q_age_band": "a16_24"})
    review = client.get(f"/s/{small_survey.slug}/review").get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', review).group(1)
    first = client.post(f"/s/{small_survey.slug}/submit", data={"submission_key": key})
    second = client.post(f"/s/{small_survey.slug}/submit", data={"submission_key": key})
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Location"].endswith("/thanks")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2


def test_store_response_is_idempotent_per_key(app, db, small_survey):
    one = answering.store_response(small_survey, {"feel": "safe"}, submission_key="k1")
    two = answering.store_response(small_survey, {"feel": "unsafe"}, submission_key="k1")
    assert two.duplicate and two.response_id == one.response_id
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_invitation_tokens_are_single_use_and_unlinkable(client, db, small_survey):
    batch, tokens = distribution.create_batch(small_survey, label="Door to door", size=5)
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", t) for t in tokens)
    stored_hashes = set(db.session.scalars(select(InvitationToken.token_hash)))
    assert not any(t.replace("-", "") in h for t in tokens for h in stored_hashes)  # only hashes are kept
    # Typed from paper in lower case with spaces: still accepted.
    response = client.post(f"/s/{small_survey.slug}/t", data={"code": tokens[0].lower().replace("-", " ")})
    assert response.status_code == 302
    client.post(f"/s/{small_survey.slug}/p/1", data={"q_feel": "unsafe"})
    client.post(f"/s/{small_survey.slug}/p/2", data={})
    key = re.search(r'name="submission_key" value="([^"]+)"', client.get(f"/s/{small_survey.slug}/review").get_data(as_text=True)).group(1)
    client.post(f"/s/{small_survey.slug}/submit", data={"submission_key": key})
    stored = db.session.scalar(select(Response))
    assert stored.channel == Channel.INVITATION
    # Nothing in the response row can point back to a token: no token, user, IP or time columns exist.
    columns = {c.name for c in inspect(Response).columns}
    assert columns == {"id", "survey_id", "neighbourhood_id", "channel", "language", "submitted_on", "submission_key",
                       "record_key"}
    assert stored.submission_key != tokens[0] and hash(stored.submission_key) not in stored_hashes
    # The draft key sat next to the token's hash while answering: the stored key must not be
    # derivable from it without the server's secret (a mid-answer backup cannot link the two).
    assert key not in stored.submission_key
    assert stored.submission_key != hashlib.sha256(key.encode()).hexdigest()
    # The used token is gone; the others remain; using it again is refused clearly.
    assert db.session.scalar(select(func.count()).select_from(InvitationToken)) == 4
    again = client.post(f"/s/{small_survey.slug}/t", data={"code": tokens[0]})
    assert again.status_code == 400 and "already been used" in again.get_data(as_text=True)
    assert distribution.batch_usage(small_survey) == [(batch, 0)]  # one used: "fewer than 5", not "1"


def test_token_race_lets_only_one_answer_in(app, db, small_survey):
    _batch, tokens = distribution.create_batch(small_survey, label="x", size=5)
    one = answering.start_draft(small_survey, language="en", neighbourhood_id=None, token=tokens[0])
    two = answering.start_draft(small_survey, language="en", neighbourhood_id=None, token=tokens[0])
    answering.save_page(one, [], {"feel": "safe"})
    answering.save_page(two, [], {"feel": "unsafe"})
    assert answering.submit_draft(small_survey, one).response_id
    try:
        answering.submit_draft(small_survey, two)
        raised = False
    except answering.SubmitError as error:
        raised = "already been used" in str(error)
    assert raised
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_paper_entry_by_partner(client, db, small_survey, partner, group):
    login(client, partner)
    page = client.get(f"/groups/{group.id}/surveys/{small_survey.id}/paper")
    key = re.search(r'name="submission_key" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {"submission_key": key, "q_feel": "unsure", "neighbourhood_id": group.neighbourhoods[1].id, "language": "en"}
    assert client.post(f"/groups/{group.id}/surveys/{small_survey.id}/paper", data=data).status_code == 302
    assert client.post(f"/groups/{group.id}/surveys/{small_survey.id}/paper", data=data).status_code == 302  # double click
    stored = db.session.scalars(select(Response)).all()
    assert len(stored) == 1 and stored[0].channel == Channel.PAPER and stored[0].neighbourhood_id == group.neighbourhoods[1].id
    bad = client.post(f"/groups/{group.id}/surveys/{small_survey.id}/paper", data={"q_feel": "maybe"})
    assert bad.status_code == 400 and "Please choose one of the options given." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_closed_and_draft_surveys_take_no_answers(client, db, small_survey):
    from assessments import builder

    builder.set_status(small_survey, "closed")
    assert client.get(f"/s/{small_survey.slug}").status_code == 410
    draft = builder.create_survey(small_survey.group, title={"en": "Draft"}, languages=["en"])
    assert client.get(f"/s/{draft.slug}").status_code == 404


def test_sample_targets_count_live_with_protected_counts(client, db, small_survey, planner, group):
    big, small = group.neighbourhoods[0].id, group.neighbourhoods[1].id
    distribution.set_targets(small_survey, {(big, ""): 40, (big, "a25_44"): 20, (small, ""): 10})
    for _ in range(12):
        answer(small_survey, {"feel": "safe", "age_band": "a25_44"}, neighbourhood_id=big)
    for _ in range(6):
        answer(small_survey, {"feel": "safe", "age_band": "a65_plus"}, neighbourhood_id=big)
    answer(small_survey, {"feel": "safe"}, neighbourhood_id=small)
    for _ in range(7):
        answer(small_survey, {"feel": "unsure"}, neighbourhood_id=None)  # "not stated" becomes the complement
    progress = {(p.neighbourhood_id, p.band): p for p in distribution.target_progress(small_survey, 5)}
    count = progress[(big, "a25_44")].count
    assert abs(count - 12) <= 2 and progress[(big, "a25_44")].percent == round(100 * count / 20)
    # One answer is published as 0 (shown as "fewer than 5") or as 5, never as 1.
    assert progress[(small, "")].count in (None, 5)
    login(client, planner)
    page = client.get(f"/groups/{group.id}/surveys/{small_survey.id}/distribute").get_data(as_text=True)
    assert f"{round(100 * count / 20)}%" in page


def test_start_page_speaks_the_phone_language_when_the_survey_has_it(client, db, survey):
    """A Spanish phone opening a Portuguese-first survey gets the Spanish version, not a mix."""
    survey.default_language = "pt"
    db.session.commit()
    spanish_phone = {**PHONE, "Accept-Language": "es-ES,es;q=0.9"}
    html = client.get(f"/s/{survey.slug}", headers=spanish_phone).get_data(as_text=True)
    assert 'class="survey" lang="es"' in html
    assert '<input type="hidden" name="language" value="es">' in html
    # a language the service lacks: the survey follows the interface's language, not a third one
    german_phone = {**PHONE, "Accept-Language": "de-DE"}
    html = client.get(f"/s/{survey.slug}", headers=german_phone).get_data(as_text=True)
    assert '<html lang="en">' in html and 'class="survey" lang="en"' in html
