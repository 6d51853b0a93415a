"""JSON API: the team's readiness, by role and seat, never by name."""
from __future__ import annotations

from flask import abort, g, jsonify

from partnership import access
from partnership.extensions import csrf, db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import can_view_group
from partnership.teams import api_bp, readiness
from partnership.teams.team import seats, team_status

csrf.exempt(api_bp)


def _check_group(kwargs):
    from partnership.api.tokens import user_from_request

    user = user_from_request()
    if user is None:
        abort(401)
    group = db.session.get(SecurityGroup, kwargs["group_id"])
    if group is None:
        abort(404)
    if not can_view_group(user, group):
        abort(403)
    g.api_user, g.group = user, group


def readiness_document(group) -> dict:
    status = team_status(group)
    if status is None:
        return {"group_id": group.id, "profile_adopted": False, "readiness": None, "seats": []}
    team = seats(group)
    codes, rows = readiness.matrix(team)
    return {
        "group_id": group.id, "profile_adopted": True, "readiness": status.readiness,
        "readiness_target": status.readiness_target, "roles_required": status.roles_required,
        "roles_filled": status.roles_filled, "vacancies_open": status.vacancies_open, "complete": status.complete,
        "competences": codes,
        "seats": [{"role": seat.role_key, "label": seat.label, "vacant": seat.vacant,
                   "readiness": readiness.seat_readiness(seat),
                   "competences": {code: {"required": cell.required, "current": cell.current}
                                   for code, cell in cells.items() if cell is not None}}
                  for seat, cells in rows],
    }


@api_bp.route("/groups/<int:group_id>/team/readiness")
@access.custom("API token; members of the group", _check_group)
def api_readiness(group_id: int):
    return jsonify(readiness_document(g.group))


def openapi_paths() -> tuple[dict, dict]:
    return ({
        "/groups/{group_id}/team/readiness": {"get": {
            "summary": "Readiness of the group's community-police team against its adopted profile (Step 4)",
            "description": "Seats are named by role and number, never by the officer; a vacant seat counts 0.",
            "parameters": [{"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "Team readiness",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TeamReadiness"}}}},
                          "401": {"description": "No valid token"}, "403": {"description": "Not a member of the group"},
                          "404": {"description": "Not found"}},
        }},
    }, {
        "TeamReadiness": {"type": "object", "properties": {
            "group_id": {"type": "integer"}, "profile_adopted": {"type": "boolean"},
            "readiness": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "readiness_target": {"type": "number"}, "roles_required": {"type": "integer"},
            "roles_filled": {"type": "integer"}, "vacancies_open": {"type": "integer"}, "complete": {"type": "boolean"},
            "competences": {"type": "array", "items": {"type": "string"}},
            "seats": {"type": "array", "items": {"type": "object", "properties": {
                "role": {"type": "string"}, "label": {"type": "string"}, "vacant": {"type": "boolean"},
                "readiness": {"type": ["number", "null"]},
                "competences": {"type": "object", "additionalProperties": {"type": "object", "properties": {
                    "required": {"type": "integer"}, "current": {"type": ["integer", "null"]}}}}}}},
        }},
    })
