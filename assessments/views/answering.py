"""Answering pages: public link, invitation codes, one page at a time, and paper entry."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from sqlalchemy import select

from assessments import answering, bp
from assessments.answering import LANGUAGE_KEY, NEIGHBOURHOOD_KEY, AlreadySaved, EmptyQuestionnaire, SubmitError
from assessments.models import Channel, Survey, SurveyStatus
from assessments.offline_rules import survey_rules
from assessments.question_types import TYPES
from assessments.views import group_survey, ui_lang
from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db, limiter
from partnership.groups.permissions import can_work_in_group

DRAFTS = "survey_drafts"


def _public_survey(slug: str) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None or survey.status == SurveyStatus.DRAFT:
        abort(404)
    return survey


def _lang(survey: Survey) -> str:
    """The respondent's chosen language; else the browser's or interface's, if the survey has it."""
    chosen = request.args.get("lang")
    if chosen in survey.languages:
        return _speak(chosen)
    chosen = session.get("lang")
    return chosen if chosen in survey.languages else ui_lang(survey)


def _speak(lang: str) -> str:
    """Make `lang` the interface language too, from this request on.

    Buttons, hints and error messages then match the questions, also on a page shown
    again after an error, and the choice holds on every later page.
    """
    if lang in current_app.config["LANGUAGES"] and session.get("lang") != lang:
        session["lang"] = lang
        refresh()
    return lang


def _draft_lang(survey: Survey, draft) -> str:
    """The draft's language; `?lang=` (the header switch on pages without questions) changes it."""
    asked = request.args.get("lang")
    if asked in survey.languages and asked != draft.data.get(LANGUAGE_KEY):
        answering.set_language(draft, asked)
    return _speak(draft.data.get(LANGUAGE_KEY) or survey.default_language)


def _remember(survey: Survey, key: str) -> None:
    drafts = dict(session.get(DRAFTS) or {})
    drafts[survey.slug] = key
    session[DRAFTS] = drafts


def _chosen_language(survey: Survey, fallback: str) -> str:
    """The language picked on the start form, if the survey has it."""
    chosen = request.form.get("language")
    return chosen if chosen in survey.languages else fallback


def _first_page(survey: Survey, draft, lang: str):
    """Remember the new draft in this browser and go to the survey's first page in `lang`."""
    _remember(survey, draft.key)
    session["lang"] = lang
    return redirect(url_for("assessments.answer_page", slug=survey.slug, page=1))


def _current_draft(survey: Survey):
    return answering.get_draft(survey, (session.get(DRAFTS) or {}).get(survey.slug))


@bp.route("/s/<slug>", methods=["GET", "POST"])
@access.public
@limiter.limit("30 per minute", methods=["POST"])
def answer_start(slug: str):
    survey = _public_survey(slug)
    lang = _lang(survey)
    if not survey.is_open:
        return render_template("assessments/answer_closed.html", survey=survey, lang=lang), 410
    error = None
    if request.method == "POST":
        lang = _speak(_chosen_language(survey, lang))
        neighbourhood_id = request.form.get("neighbourhood_id", type=int)
        if survey.ask_neighbourhood and neighbourhood_id not in {n.id for n in survey.group.neighbourhoods} \
                and request.form.get("neighbourhood_id") != "none":
            error = _("Please choose your neighbourhood, or “I would rather not say”.")
        else:
            return _first_page(survey, answering.start_draft(survey, language=lang, neighbourhood_id=neighbourhood_id), lang)
    return render_template("assessments/answer_start.html", survey=survey, lang=lang, error=error,
                           minutes=answering.minutes_to_answer(survey),
                           resume=_current_draft(survey) is not None), (400 if error else 200)


@bp.route("/s/<slug>/t", methods=["GET", "POST"])
@access.public
@limiter.limit("20 per minute", methods=["POST"])
def answer_token(slug: str):
    survey = _public_survey(slug)
    lang = _lang(survey)
    if not survey.is_open:
        return render_template("assessments/answer_closed.html", survey=survey, lang=lang), 410
    error = None
    code = request.values.get("code", "")
    if request.method == "POST":
        lang = _speak(_chosen_language(survey, lang))
        neighbourhood_id = request.form.get("neighbourhood_id", type=int)
        try:
            draft = answering.start_draft(survey, language=lang, neighbourhood_id=neighbourhood_id, token=code)
        except SubmitError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            return _first_page(survey, draft, lang)
    return render_template("assessments/answer_token.html", survey=survey, lang=lang, error=error, code=code), (400 if error else 200)


@bp.route("/s/<slug>/p/<int:page>", methods=["GET", "POST"])
@access.public
def answer_page(slug: str, page: int):
    """One page of questions. Whatever the page sends is kept in the draft first (the form-state
    pattern): Next checks it, Back and the language switch keep it as typed, and the page's
    script saves it as the respondent goes (action "save"), so a reload shows it again."""
    survey = _public_survey(slug)
    draft = _current_draft(survey)
    if draft is None:
        if request.form.get("action") == "save":
            return "", 410
        flash(_("Your answers so far could not be found (perhaps the browser was closed for long). Please start again."), "info")
        return redirect(url_for("assessments.answer_start", slug=slug))
    if not survey.is_open:
        return render_template("assessments/answer_closed.html", survey=survey, lang=draft.data.get(LANGUAGE_KEY)), 410
    lang = _draft_lang(survey, draft)
    answers = answering.answers_of(draft)
    shown = answering.visible_pages(survey, answers)
    if not 1 <= page <= max(len(shown), 1):
        return redirect(url_for("assessments.answer_page", slug=slug, page=max(1, min(page, len(shown)))))
    questions = shown[page - 1] if shown else []
    errors: dict = {}
    values = answering.values_of(draft)
    if request.method == "POST":
        raw = answering.parse_page(questions, request.form)
        clean, errors = answering.validate(questions, raw, answers)
        action = request.form.get("action")
        switch_to = request.form.get("switch_language")
        if switch_to or action in ("back", "save"):
            # Never blocks on errors: what is valid is kept as answers, the rest as typed.
            answering.keep_page(draft, questions, raw, clean, errors)
            if action == "save":
                return "", 204
            if switch_to in survey.languages:
                answering.set_language(draft, switch_to)
                _speak(switch_to)
                return redirect(url_for("assessments.answer_page", slug=slug, page=page))
            return redirect(url_for("assessments.answer_page", slug=slug, page=max(1, page - 1)))
        if not errors:
            answering.save_page(draft, questions, clean)
            shown = answering.visible_pages(survey, answering.answers_of(draft))
            if page >= len(shown):
                return redirect(url_for("assessments.answer_review", slug=slug))
            return redirect(url_for("assessments.answer_page", slug=slug, page=page + 1))
        answering.keep_page(draft, questions, raw, clean, errors)
        values = {**answers, **raw}
    else:
        # A page shown again (reload, Back, a link from the review page) says what still needs a look.
        unchecked = answering.unchecked_of(draft)
        errors = answering.validate([q for q in questions if q.code in unchecked], values, answers)[1]
    return render_template("assessments/answer_page.html", survey=survey, lang=lang, questions=questions,
                           number=page, percent=answering.progress(survey, questions), errors=errors, values=values,
                           draft_key=draft.key,
                           types=TYPES, map_context=map_context_layer(),
                           maps=map_fragments(questions, _map_neighbourhoods(survey, draft), survey.boundary_version_id)), \
        (400 if errors and request.method == "POST" else 200)


def map_context_layer() -> dict | None:
    """The installation's own streets and landmarks for survey maps (GeoJSON at MAP_CONTEXT_LAYER), if any.

    Without a tile server the maps would show bare outlines; this local layer gives
    residents something to find their way by. A missing or broken file is left out.
    """
    path = current_app.config.get("MAP_CONTEXT_LAYER") or os.environ.get("MAP_CONTEXT_LAYER")
    if not path:
        return None
    try:
        return _read_context_layer(path, os.path.getmtime(path))
    except (OSError, ValueError):
        current_app.logger.warning("MAP_CONTEXT_LAYER %s could not be read", path)
        return None


# Read once per file version: the layer is drawn on every map page.
@lru_cache(maxsize=4)
def _read_context_layer(path: str, _mtime: float) -> dict | None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    return data


@dataclass
class QuestionMap:
    """The map of one map question: the fragment's <div> and script, and whether it takes an area."""

    html: str
    script: str
    area: bool = False


def map_fragments(questions, neighbourhood_ids: list[int], version_id: int | None = None) -> dict[str, QuestionMap]:
    """Point pickers, or boundary maps to draw an area on, for the map questions shown.

    The boundaries are those of `version_id` (the survey's boundary version), else the active ones.

    Without the maps package the place list alone remains. Area drawing is wired up
    by static/js/survey-area.js (`map_question_assets` in templates/assessments/_questions.html).
    """
    wanted = [q for q in questions if q.type == "map"]
    if not wanted:
        return {}
    try:
        from maps.rendering import boundary_map, point_picker
    except ImportError:
        return {}
    maps = {}
    for q in wanted:
        if TYPES["map"].mode(q) == "area":
            fragment = boundary_map(neighbourhood_ids, version_id=version_id)
            maps[q.code] = QuestionMap(fragment.html, fragment.script, area=True)
        else:
            fragment = point_picker(neighbourhood_ids, lat_input_id=f"q-{q.code}-lat", lng_input_id=f"q-{q.code}-lng",
                                    version_id=version_id)
            maps[q.code] = QuestionMap(fragment.html, fragment.script)
    return maps


def _map_neighbourhoods(survey: Survey, draft) -> list[int]:
    chosen = (draft.data or {}).get(NEIGHBOURHOOD_KEY) if draft else None
    return [chosen] if chosen else [n.id for n in survey.group.neighbourhoods]


@bp.route("/s/<slug>/review", methods=["GET"])
@access.public
def answer_review(slug: str):
    survey = _public_survey(slug)
    draft = _current_draft(survey)
    if draft is None:
        return redirect(url_for("assessments.answer_start", slug=slug))
    lang = _draft_lang(survey, draft)
    items = answering.review(survey, draft, lang)
    return render_template("assessments/answer_review.html", survey=survey, lang=lang, draft=draft, items=items,
                           last_page=max([i.page for i in items] or [1]),
                           answered=any(i.text for i in items))


@bp.route("/s/<slug>/submit", methods=["POST"])
@access.public
def answer_submit(slug: str):
    survey = _public_survey(slug)
    key = request.form.get("submission_key", "")
    if key and answering.already_stored(key) is not None:
        return redirect(url_for("assessments.answer_thanks", slug=slug))
    draft = answering.get_draft(survey, key)
    if draft is None:
        flash(_("Your answers so far could not be found. Please start again."), "info")
        return redirect(url_for("assessments.answer_start", slug=slug))
    try:
        outcome = answering.submit_draft(survey, draft)
    except EmptyQuestionnaire as exc:
        flash(str(exc), "error")
        return redirect(url_for("assessments.answer_review", slug=slug))
    except SubmitError as exc:
        lang = draft.data.get(LANGUAGE_KEY) or survey.default_language
        return render_template("assessments/answer_closed.html", survey=survey, lang=lang, message=str(exc)), 409
    if outcome.errors:
        # Should only happen if the survey changed meanwhile: send them to the first page with a problem.
        flash(_("Some answers need another look."), "error")
        return redirect(url_for("assessments.answer_page", slug=slug, page=1))
    drafts = dict(session.get(DRAFTS) or {})
    drafts.pop(slug, None)
    session[DRAFTS] = drafts
    return redirect(url_for("assessments.answer_thanks", slug=slug))


@bp.route("/s/<slug>/thanks")
@access.public
def answer_thanks(slug: str):
    survey = _public_survey(slug)
    return render_template("assessments/answer_thanks.html", survey=survey, lang=_lang(survey))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/paper", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def paper_entry(group_id: int, survey_id: int):
    """Type in one paper questionnaire; all questions on one page, stored as channel 'paper'.

    Each blank form carries a one-time token in its address (`?form=`): saving deletes it,
    so the same form brought back by Back and saved again is refused, not stored twice.
    """
    survey = group_survey(survey_id)
    lang = request.values.get("language") if request.values.get("language") in survey.languages else ui_lang(survey)
    form_token = request.args.get("form", "")
    if request.method == "GET" and not form_token:
        return redirect(url_for("assessments.paper_entry", group_id=group_id, survey_id=survey_id, language=lang,
                                form=answering.issue_paper_form(survey)))
    errors: dict = {}
    values: dict = {}
    status = 200
    saved = request.method == "GET" and not answering.paper_form_is_open(survey, form_token)
    if request.method == "POST":
        raw = answering.parse_page(list(survey.questions), request.form)
        neighbourhood_id = request.form.get("neighbourhood_id", type=int)
        outbox_key = request.form.get("submission_key") if _offline_send() else None
        try:
            outcome = answering.store_response(survey, raw, submission_key=outbox_key or secrets.token_urlsafe(32),
                                               channel=Channel.PAPER, language=lang, neighbourhood_id=neighbourhood_id,
                                               paper_form=None if outbox_key else form_token)
        except AlreadySaved as exc:
            saved, status = True, 409
            flash(str(exc), "error")
        except SubmitError as exc:
            errors["_form"] = str(exc)
        else:
            if _offline_send():
                # A questionnaire that waited on the phone (offline outbox): a plain answer, no page.
                return _offline_answer(outcome)
            if not outcome.errors:
                flash(_("Paper questionnaire saved (no. %(n)d). You can type in the next one.", n=outcome.response_id),
                      "success")
                return redirect(url_for("assessments.paper_entry", group_id=group_id, survey_id=survey_id, language=lang))
            errors = outcome.errors
        values = raw
        values[NEIGHBOURHOOD_KEY] = neighbourhood_id
    if errors and _offline_send():
        return jsonify({"ok": False, "error": errors.get("_form", "")}), 400
    return render_template("assessments/paper.html", group=g.group, survey=survey, lang=lang, errors=errors,
                           values=values, form_token=form_token, saved=saved, questions=list(survey.questions), types=TYPES,
                           rules=survey_rules(list(survey.questions), lang, enforce_required=False),
                           map_context=map_context_layer(),
                           maps=map_fragments(survey.questions, [n.id for n in survey.group.neighbourhoods],
                                            survey.boundary_version_id)), \
        (400 if errors else status)


def _offline_send() -> bool:
    return request.method == "POST" and request.accept_mimetypes.best == "application/json"


def _offline_answer(outcome):
    """The answer the phone's outbox reads: stored (201), already stored (200), or refused with the reasons (400)."""
    if outcome.errors:
        return jsonify({"ok": False, "error": "; ".join(f"{code}: {message}" for code, message in outcome.errors.items())}), 400
    return jsonify({"ok": True, "created": not outcome.duplicate}), 200 if outcome.duplicate else 201
