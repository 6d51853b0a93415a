"""Answering with no signal: a survey's one-page offline form, and where its answers arrive from the phone's outbox."""
from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for

from assessments import answering, bp
from assessments.answering import SubmitError
from assessments.answering_offline import refusal_reason, store_offline
from assessments.offline_rules import survey_rules
from assessments.question_types import TYPES
from assessments.views.answering import _public_survey, _speak, map_context_layer, map_fragments
from partnership import access
from partnership.extensions import csrf, db, limiter


def offline_form_url(survey, lang: str) -> str:
    return url_for("assessments.answer_offline", slug=survey.slug, lang=lang)


@bp.route("/s/<slug>/offline/<lang>")
@access.public
def answer_offline(slug: str, lang: str):
    """Every question on one page, checked on the phone and kept there until it can be sent.

    The phone keeps this page (blank) once the survey's start page has been opened with signal.
    """
    survey = _public_survey(slug)
    if lang not in survey.languages:
        return redirect(url_for("assessments.answer_offline", slug=slug, lang=survey.default_language))
    _speak(lang)
    if not survey.is_open:
        return render_template("assessments/answer_closed.html", survey=survey, lang=lang, show_outbox=True), 410
    return _render(survey, lang, errors={}, values={})


def _render(survey, lang: str, *, errors: dict, values: dict, status: int = 200):
    questions = list(survey.questions)
    return render_template("assessments/answer_offline.html", survey=survey, lang=lang, questions=questions,
                           types=TYPES, errors=errors, values=values, rules=survey_rules(questions, lang),
                           map_context=map_context_layer(),
                           maps=map_fragments(questions, [n.id for n in survey.group.neighbourhoods],
                                              survey.boundary_version_id)), status


@bp.route("/s/<slug>/offline", methods=["POST"])
@access.public
@limiter.limit("30 per minute")
@csrf.exempt
def answer_offline_send(slug: str):
    """Answers sent from the phone's outbox: 201 stored, 200 already stored, 400 refused with the reason.

    No CSRF token: the page may have waited on the phone for hours (its token would have
    expired), and a forged post could only add an anonymous answer, as the public link can.
    """
    survey = _public_survey(slug)
    lang = request.form.get("language")
    lang = _speak(lang if lang in survey.languages else survey.default_language)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        outcome = store_offline(survey, request.form, language=lang)
    except SubmitError as error:
        db.session.rollback()
        if wants_json:
            return jsonify({"ok": False, "error": str(error)}), 400
        return _render(survey, lang, errors={"_form": str(error)}, values={}, status=400)
    if outcome.errors:
        if wants_json:
            return jsonify({"ok": False, "error": refusal_reason(survey, outcome.errors, lang)}), 400
        return _render(survey, lang, errors=outcome.errors,
                       values=answering.parse_page(list(survey.questions), request.form), status=400)
    if wants_json:
        return jsonify({"ok": True, "created": not outcome.duplicate}), 200 if outcome.duplicate else 201
    return redirect(url_for("assessments.answer_thanks", slug=slug))
