"""JSON API: a group's adopted team profile (or any version) with its requirements and their evidence."""
from __future__ import annotations

from flask import abort, g, jsonify
from flask_babel import get_locale

from partnership import access
from partnership.extensions import csrf, db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import can_view_group
from partnership.profiles import api_bp, diff, library, team_models, traceability
from partnership.profiles.models import TeamProfile
from partnership.profiles.public import current_adopted

# Token-authenticated, read-only endpoints: no cookies to forge.
csrf.exempt(api_bp)


def _check_group(kwargs):
    from partnership.api.tokens import user_from_request

    user = user_from_request()
    if user is None:
        abort(401)
    group = db.session.get(SecurityGroup, kwargs["group_id"])
    if group is None or not can_view_group(user, group):
        abort(404)  # a group the caller cannot see answers like a missing one: ids reveal nothing
    g.api_user, g.group = user, group


def profile_document(profile: TeamProfile) -> dict:
    """A profile version as JSON: roles, requirements with need links and cited published figures."""
    lang = str(get_locale() or "en")
    trace = traceability.trace(profile)
    needs = {n.id: n for n in trace.needs}
    return {
        "id": profile.id, "group_id": profile.group_id, "version": profile.version, "status": profile.status,
        "team_model": profile.team_model, "team_model_name": team_models.model_name(profile.team_model),
        "adopted_at": profile.adopted_at.isoformat() if profile.adopted_at else None,
        "decision_id": profile.decision_id, "previous_id": profile.previous_id, "needs_list_id": profile.needs_list_id,
        "roles": [{
            "key": role.key, "title": role.title, "count": role.count, "purpose": role.purpose,
            "responsibilities": role.responsibilities,
            "requirements": [{
                "id": r.id, "kind": r.kind, "value": r.value, "level": r.level, "text": diff.describe(r), "note": r.note,
                "competence": _competence(r.value, lang) if r.kind == "competence" else None,
                "needs": [{"id": n, "rank": needs[n].rank, "title": needs[n].title} for n in (r.need_ids or []) if n in needs],
                "evidence": [{k: c.get(k) for k in ("survey_id", "question_key", "option", "dimension", "group_value",
                                                     "pct", "base", "text")} for c in (r.citations or [])],
            } for r in role.requirements],
        } for role in profile.roles],
        "uncovered_needs": [{"id": n.id, "rank": n.rank, "title": n.title} for n in trace.uncovered],
    }


def _competence(code: str, lang: str) -> dict | None:
    found = library.find(code)
    if found is None:
        return None
    return {"code": code, "name": library.tr(found.name, lang), "domain": found.domain}


@api_bp.route("/groups/<int:group_id>/profile")
@access.custom("API token; members of the group", _check_group)
def api_adopted_profile(group_id: int):
    profile = current_adopted(g.group)
    if profile is None:
        abort(404)
    return jsonify(profile_document(profile))


@api_bp.route("/groups/<int:group_id>/profiles/<int:profile_id>")
@access.custom("API token; members of the group", _check_group)
def api_profile(group_id: int, profile_id: int):
    return jsonify(profile_document(access.in_group_or_404(TeamProfile, profile_id)))


def openapi_paths() -> tuple[dict, dict]:
    ok = {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TeamProfile"}}}},
          "401": {"description": "No valid token"},
          "404": {"description": "No such group visible to the caller, no such profile in it, or none adopted yet"}}
    group_param = {"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    requirement = {"type": "object", "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string",
                                            "enum": ["competence", "language", "platform", "time_split", "hours", "condition"]},
        "value": {"type": "string"}, "level": {"type": ["integer", "null"], "description": "1 practitioner, 2 experienced, 3 expert"},
        "text": {"type": "string"}, "needs": {"type": "array", "items": {"type": "object"}},
        "evidence": {"type": "array", "description": "Published (disclosure-controlled) survey figures as cited",
                     "items": {"type": "object"}}}}
    schema = {"type": "object", "properties": {
        "id": {"type": "integer"}, "version": {"type": "integer"}, "status": {"type": "string"},
        "team_model": {"type": "string"}, "adopted_at": {"type": ["string", "null"], "format": "date-time"},
        "roles": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "title": {"type": "string"}, "count": {"type": "integer"},
            "requirements": {"type": "array", "items": {"$ref": "#/components/schemas/ProfileRequirement"}}}}},
        "uncovered_needs": {"type": "array", "items": {"type": "object"}}}}
    return ({
        "/groups/{group_id}/profile": {"get": {
            "summary": "The group's adopted team profile (Step 3) with requirements, need links and cited figures",
            "parameters": [group_param], "responses": ok}},
        "/groups/{group_id}/profiles/{profile_id}": {"get": {
            "summary": "One version of the group's team profile (draft, adopted or replaced)",
            "parameters": [group_param, {"name": "profile_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": ok}},
    }, {"TeamProfile": schema, "ProfileRequirement": requirement})
