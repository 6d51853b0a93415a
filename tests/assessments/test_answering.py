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
    url = f"/groups/{group.id}/surveys/{small_survey.id}/paper"
    # Each blank form gets its own one-time token, in its address.
    fresh = client.get(url)
    assert fresh.status_code == 302 and "form=" in fresh.headers["Location"]
    form_url = fresh.headers["Location"]
    assert client.get(form_url).status_code == 200
    data = {"q_feel": "unsure", "neighbourhood_id": group.neighbourhoods[1].id, "language": "en"}
    saved = client.post(form_url, data=data)
    assert saved.status_code == 302 and "form=" not in saved.headers["Location"]
    # Back to the filled form, then Save again: refused, with a message, and nothing stored twice.
    again = client.post(form_url, data=data)
    assert again.status_code == 409
    assert "already saved" in again.get_data(as_text=True)
    stored = db.session.scalars(select(Response)).all()
    assert len(stored) == 1 and stored[0].channel == Channel.PAPER and stored[0].neighbourhood_id == group.neighbourhoods[1].id
    # Reopening the saved form's address (Back without the browser's cache) shows it was saved, not the form.
    reopened = client.get(form_url).get_data(as_text=True)
    assert "already been saved" in reopened and 'name="q_feel"' not in reopened
    next_form = client.get(url).headers["Location"]
    bad = client.post(next_form, data={"q_feel": "maybe"})
    assert bad.status_code == 400 and "Please choose one of the options given." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    # A blank questionnaire is refused, and the form stays usable for the real one.
    blank = client.post(next_form, data={"neighbourhood_id": group.neighbourhoods[1].id, "language": "en"})
    assert blank.status_code == 400 and "An empty questionnaire is not counted" in blank.get_data(as_text=True)
    assert client.post(next_form, data={"q_feel": "safe", "language": "en"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def test_paper_entry_takes_a_questionnaire_as_filled_in_even_with_a_required_question_skipped(client, db, small_survey,
                                                                                             partner, group):
    small_survey.questions[0].required = True
    db.session.commit()
    login(client, partner)
    form_url = client.get(f"/groups/{group.id}/surveys/{small_survey.id}/paper").headers["Location"]
    assert client.post(form_url, data={"q_age_band": "a16_24", "language": "en"}).status_code == 302
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
    # One answer is published as 0 (shown as "fewer than 5") or as 5 to 5 + SMALL_SPREAD, never as 1.
    from assessments.disclosure import SMALL_SPREAD

    assert progress[(small, "")].count in (None, *range(5, 5 + SMALL_SPREAD + 1))
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


# -- residents answering: issue 13 ---------------------------------------------

def _start(client, survey, lang="en"):
    response = client.post(f"/s/{survey.slug}", data={"language": lang, "neighbourhood_id": "none"})
    assert response.status_code == 302
    return response.headers["Location"]


def test_start_page_error_keeps_the_chosen_language(client, db, survey):
    client.get(f"/s/{survey.slug}?lang=pt")  # the respondent picked Português
    response = client.post(f"/s/{survey.slug}", data={"language": "pt"})  # ... and forgot the neighbourhood
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<html lang="pt">' in html and 'class="survey" lang="pt"' in html
    assert "Please choose your neighbourhood" not in html and "Começar o inquérito" in html


def test_start_page_says_who_runs_it_how_long_and_has_one_language_switch(client, db, survey):
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert survey.group.name in html and survey.group.municipality.name in html
    minutes = answering.minutes_to_answer(survey)
    assert 3 <= minutes <= 30 and f"About {minutes} minutes" in html
    assert "anonymous" in html
    assert html.count('class="lang-switch"') == 1 and 'survey-languages' not in html
    assert "Sign in" not in html


def test_language_switch_mid_survey_keeps_unsaved_answers_and_shows_the_questions_in_it(client, db, survey):
    page_url = _start(client, survey)
    first = client.get(page_url).get_data(as_text=True)
    assert 'form="survey-form" name="switch_language" value="pt"' in first  # the header's switch submits the page
    question = answering.visible_pages(survey, {})[0][0]
    option = question.config["options"][1]
    # The header button sends the page's form (no JavaScript): the answer just ticked is not lost.
    switched = client.post(page_url, data={f"q_{question.code}": option["value"], "switch_language": "pt"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith(f"/s/{survey.slug}/p/1")
    html = client.get(page_url).get_data(as_text=True)
    assert '<html lang="pt">' in html and question.label["pt"] in html and option["label"]["pt"] in html
    assert f'value="{option["value"]}" checked' in html
    # The answers are sent in the new language.
    assert answering.get_draft(survey, _draft_key(client, survey)).data["_lang"] == "pt"


def _draft_key(client, survey):
    with client.session_transaction() as sess:
        return sess["survey_drafts"][survey.slug]


def test_reload_keeps_what_was_typed_on_the_page(client, db, small_survey):
    page_url = _start(client, small_survey)
    # The page's script saves as the respondent goes; a reload then shows the answer again.
    assert client.post(page_url, data={"q_feel": "unsafe", "action": "save"}).status_code == 204
    assert 'value="unsafe" checked' in client.get(page_url).get_data(as_text=True)
    client.post(page_url, data={"q_feel": "unsafe"})
    page2 = page_url.replace("/p/1", "/p/2")
    # Not valid yet is kept as typed, shown with what to fix, and never sent as it is.
    assert client.post(page2, data={"q_age_band": "a_typo", "action": "save"}).status_code == 204
    html = client.get(page2).get_data(as_text=True)
    assert "Please choose one of the options given." in html
    draft = answering.get_draft(small_survey, _draft_key(client, small_survey))
    assert answering.answers_of(draft) == {"feel": "unsafe"}


def test_progress_counts_every_page_so_a_conditional_page_never_moves_it_back(app, db, survey):
    without = answering.visible_pages(survey, {"vict_reported": "all"})
    with_extra = answering.visible_pages(survey, {"vict_reported": "none"})
    assert len(with_extra) > len(without)  # the skip rule adds a page
    for shown in (without, with_extra):
        percents = [answering.progress(survey, page) for page in shown]
        assert percents == sorted(percents) and len(set(percents)) == len(percents)
    # The same page has the same figure whether or not the conditional page appeared.
    assert answering.progress(survey, without[-1]) == answering.progress(survey, with_extra[-1])


def test_long_text_states_its_limit_and_refuses_instead_of_cutting(client, db, survey):
    long_q = next(q for q in survey.questions if q.type == "long_text")
    page_number = next(n for n, page in enumerate(answering.visible_pages(survey, {}), 1) if long_q in page)
    page_url = _start(client, survey).replace("/p/1", f"/p/{page_number}")
    html = client.get(page_url).get_data(as_text=True)
    assert "maxlength" not in html and "Up to 5000 characters." in html
    too_long = "a" * 5003
    response = client.post(page_url, data={f"q_{long_q.code}": too_long})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This answer has 5003 characters; please shorten it to 5000 or fewer." in body
    assert too_long in body  # nothing cut: it is all there to shorten


def test_an_empty_questionnaire_is_refused_and_never_counted(client, db, small_survey):
    page_url = _start(client, small_survey)
    client.post(page_url, data={})
    client.post(page_url.replace("/p/1", "/p/2"), data={})
    review = client.get(f"/s/{small_survey.slug}/review").get_data(as_text=True)
    assert "You have not answered any question yet" in review and "Send my answers" not in review
    refused = client.post(f"/s/{small_survey.slug}/submit", data={"submission_key": _draft_key(client, small_survey)})
    assert refused.headers["Location"].endswith("/review")
    assert "An empty questionnaire is not counted" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_required_questions_are_enforced_with_a_message(client, db, small_survey):
    from assessments import builder

    feel = small_survey.questions[0]
    builder.update_question(feel, label=feel.label, hint=feel.hint, config=feel.config, required=True, show_if_code=None, show_if_values=None,
                            new_page=feel.new_page)
    page_url = _start(client, small_survey)
    response = client.post(page_url, data={})
    assert response.status_code == 400 and "Please answer this question." in response.get_data(as_text=True)


def test_review_page_shows_every_answer_with_a_link_to_change_it(client, db, small_survey):
    page_url = _start(client, small_survey)
    client.post(page_url, data={"q_feel": "unsure"})
    client.post(page_url.replace("/p/1", "/p/2"), data={})
    html = client.get(f"/s/{small_survey.slug}/review").get_data(as_text=True)
    assert "How do you feel?" in html and "Unsure" in html
    assert f'href="/s/{small_survey.slug}/p/1#q-feel"' in html
    assert f'href="/s/{small_survey.slug}/p/2#q-age_band"' in html and "Not answered" in html


def test_map_question_draws_the_installations_local_layer(client, db, survey, app, tmp_path):
    layer = tmp_path / "streets.geojson"
    layer.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Rua <b>Direita</b>"},'
                     ' "geometry": {"type": "Point", "coordinates": [-9.11, 38.75]}}]}', encoding="utf-8")
    app.config["MAP_CONTEXT_LAYER"] = str(layer)
    map_q = next(q for q in survey.questions if q.type == "map")
    page_number = next(n for n, page in enumerate(answering.visible_pages(survey, {}), 1) if map_q in page)
    html = client.get(_start(client, survey).replace("/p/1", f"/p/{page_number}")).get_data(as_text=True)
    assert 'id="map-context"' in html and "Rua \\u003cb\\u003eDireita" in html  # JSON, never markup
    assert "js/survey-answer.js" in html


def test_survey_pages_keep_the_groups_navigation(client, db, small_survey, planner, group):
    login(client, planner)
    for path in ("", "/distribute", "/preview", "/paper?form=x", "/results"):
        html = client.get(f"/groups/{group.id}/surveys/{small_survey.id}{path}").get_data(as_text=True)
        assert 'class="group-nav"' in html, path
        assert f'href="/groups/{group.id}/members"' in html, path


def test_results_page_opens_with_a_summary_contents_and_explained_scales(client, db, survey, planner, group):
    from tests.assessments.conftest import answer as store

    for index in range(12):
        store(survey, {"safety_dark": ["very_unsafe", "a_bit_unsafe"][index % 2], "vict_theft": "yes"},
              neighbourhood_id=group.neighbourhoods[0].id)
    login(client, planner)
    html = client.get(f"/groups/{group.id}/surveys/{survey.id}/results").get_data(as_text=True)
    summary, contents, detail = html.index('id="summary"'), html.index('id="contents-title"'), html.index('id="questions"')
    assert summary < contents < detail  # summary first, then where to jump
    for anchor in ("#needs", "#questions", "#how-to-read"):
        assert f'href="{anchor}"' in html
    assert 'id="how-to-read"' in html and "Need score, from 0 to 1" in html
    # Every question in the detail is one jump away.
    assert all(f'href="#r-{q.code}"' in html for q in survey.questions if q.type != "text")
    # Averages say which scale they are on, with the words of its ends.
    likert = next(q for q in survey.questions if q.type == "likert")
    scored = sorted((o for o in likert.config["options"] if isinstance(o.get("score"), (int, float))), key=lambda o: o["score"])
    assert f"on a scale from {scored[0]['score']} ({scored[0]['label']['en']})" in html.replace("&#39;", "'")
