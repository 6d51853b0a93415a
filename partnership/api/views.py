"""Core API endpoints."""
from flask import g, jsonify

from partnership import access
from partnership.api import bp
from partnership.api.openapi import add_paths, document
from partnership.auth.roles import Role
from partnership.extensions import csrf, db

# Token-authenticated JSON endpoints carry no cookies to forge.
csrf.exempt(bp)


@bp.route("/openapi.json")
@access.public
def openapi():
    return jsonify(document())


@bp.route("/me")
@access.api()
def me():
    user = g.api_user
    return jsonify(id=user.id, email=user.email, name=user.name, role=user.role)


@bp.route("/groups")
@access.api(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def groups():
    from partnership.groups.permissions import visible_groups_query
    from partnership.groups.progress import group_steps

    rows = db.session.scalars(visible_groups_query(g.api_user)).all()
    return jsonify(
        groups=[
            {
                "id": grp.id,
                "name": grp.name,
                "municipality": grp.municipality.name,
                "neighbourhoods": [{"id": n.id, "name": n.name, "code": n.code} for n in grp.neighbourhoods],
                "steps": [{"number": s.number, "state": s.state} for s in group_steps(grp)],
            }
            for grp in rows
        ]
    )


add_paths(
    {
        "/me": {"get": {"summary": "The account behind the token", "responses": {"200": {"description": "The user"}}}},
        "/groups": {
            "get": {
                "summary": "Security groups visible to the caller, with the state of each step",
                "responses": {"200": {"description": "A list of groups"}, "401": {"description": "No valid token"}},
            }
        },
        "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    }
)
