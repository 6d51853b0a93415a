"""JSON API: survey definitions and aggregated results (protected by the cell-key method), for staff with a token."""
from __future__ import annotations

from flask import abort, current_app, g, jsonify, request
from sqlalchemy import select

from assessments import api_bp, results
from assessments.models import Survey
from assessments.question_types import get_type
from partnership import access
from partnership.extensions import csrf, db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import can_view_group

# Token-authenticated, read-only endpoints: no cookies to forge.
csrf.exempt(api_bp)


def _caller_for_group(group_id: int):
    from partnership.api.tokens import user_from_request

    user = user_from_request()
    if user is None:
        abort(401)
    group = db.session.get(SecurityGroup, group_id)
    if group is None:
        abort(404)
    if not can_view_group(user, group):
        abort(403)
    g.api_user, g.group = user, group


def _check_group(kwargs):
    _caller_for_group(kwargs["group_id"])


def _check_survey(kwargs):
    survey = db.session.get(Survey, kwargs["survey_id"])
    if survey is None:
        from partnership.api.tokens import user_from_request

        abort(401 if user_from_request() is None else 404)
    _caller_for_group(survey.group_id)
    g.survey = survey


def definition(survey: Survey) -> dict:
    """A survey as JSON: languages, questions with translations, options, rows, places and skip rules."""
    return {
        "id": survey.id, "group_id": survey.group_id, "version": survey.version, "status": survey.status,
        "title": survey.title, "intro": survey.intro, "languages": survey.languages,
        "default_language": survey.default_language, "previous_id": survey.previous_id,
        "questions": [
            {"code": q.code, "type": q.type, "label": q.label, "hint": q.hint, "required": q.required,
             "new_page": q.new_page, "options": get_type(q.type).options(q), "config": q.config,
             "show_if": {"code": q.show_if_code, "values": q.show_if_values} if q.show_if_code else None,
             "bank_item": q.bank_item}
            for q in survey.questions
        ],
    }


@api_bp.route("/groups/<int:group_id>/surveys")
@access.custom("API token; members of the group", _check_group)
def api_surveys(group_id: int):
    surveys = db.session.scalars(select(Survey).where(Survey.group_id == group_id).order_by(Survey.id)).all()
    return jsonify(surveys=[{"id": s.id, "title": s.title, "status": s.status, "version": s.version} for s in surveys])


@api_bp.route("/surveys/<int:survey_id>")
@access.custom("API token; members of the survey's group", _check_survey)
def api_survey(survey_id: int):
    return jsonify(definition(g.survey))


@api_bp.route("/surveys/<int:survey_id>/results")
@access.custom("API token; members of the survey's group", _check_survey)
def api_results(survey_id: int):
    """Published aggregates only (free text is never in the API): protected counts and bases, and shares and means
    made from them; `publishable` is false where the base is under k (then no percentage or mean is given)."""
    survey = g.survey
    lang = request.args.get("lang") if request.args.get("lang") in survey.languages else survey.default_language
    k = current_app.config["SMALL_CELL_MIN"]
    body = {"survey_id": survey.id, "small_cell_min": k, "disclosure_control": "cell-key",
            "respondents": results.respondent_count(survey, k),
            "questions": [r.as_dict() for r in results.overall(survey, lang, k) if r.kind != "text"]}
    by = request.args.get("by")
    if by:
        if by != "neighbourhood" and by not in {q.code for q in results.breakdown_questions(survey)}:
            abort(400)
        labels = {n.id: n.name for n in survey.group.neighbourhoods} if by == "neighbourhood" else None
        body["breakdown"] = {"by": by, "tables": [t.as_dict() for t in results.breakdown(survey, by, lang, k, labels)]}
    return jsonify(body)


def openapi_paths() -> tuple[dict, dict]:
    ok = {"200": {"description": "OK"}, "401": {"description": "No valid token"},
          "403": {"description": "Not a member of the group"}, "404": {"description": "Not found"}}
    survey_param = [{"name": "survey_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    return ({
        "/groups/{group_id}/surveys": {"get": {
            "summary": "Needs-assessment surveys of a security group",
            "parameters": [{"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": ok}},
        "/surveys/{survey_id}": {"get": {"summary": "A survey definition with its translations", "parameters": survey_param,
                                         "responses": ok}},
        "/surveys/{survey_id}/results": {"get": {
            "summary": "Aggregated results with 95% CIs, protected by the cell-key method (counts perturbed by at most 2, "
                       "counts under SMALL_CELL_MIN shown as 0 or SMALL_CELL_MIN); percentages and means only on "
                       "published bases of at least SMALL_CELL_MIN",
            "parameters": survey_param + [
                {"name": "by", "in": "query", "schema": {"type": "string"},
                 "description": "'neighbourhood' or the code of an 'about you' question"},
                {"name": "lang", "in": "query", "schema": {"type": "string"}}],
            "responses": ok}},
    }, {})
