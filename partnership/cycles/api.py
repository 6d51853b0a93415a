"""JSON API: cycles, priorities and comparisons of rounds (published figures only), for staff with a token."""
from __future__ import annotations

from flask import abort, g, jsonify, request
from sqlalchemy import select

from partnership import access
from partnership.cycles import api_bp, comparison, engagement, lifecycle, problem_solving
from partnership.cycles.models import Cycle
from partnership.extensions import csrf, db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import can_view_group

# Token-authenticated, read-only endpoints: no cookies to forge.
csrf.exempt(api_bp)


def _caller_for_group(group_id: int) -> None:
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


def _check_group(kwargs) -> None:
    _caller_for_group(kwargs["group_id"])


def _check_cycle(kwargs) -> None:
    from partnership.api.tokens import user_from_request

    cycle = db.session.get(Cycle, kwargs["cycle_id"])
    if cycle is None:
        abort(401 if user_from_request() is None else 404)
    _caller_for_group(cycle.group_id)
    g.cycle = cycle


def cycle_summary(cycle: Cycle) -> dict:
    return {"id": cycle.id, "group_id": cycle.group_id, "number": cycle.number, "status": cycle.status,
            "starts_on": cycle.starts_on.isoformat(), "ends_on": cycle.ends_on.isoformat(), "months": cycle.months,
            "baseline_survey_id": cycle.baseline_survey_id, "follow_up_survey_id": cycle.follow_up_survey_id,
            "report_decision_id": cycle.report_decision_id}


def priority_dict(priority, compared=None) -> dict:
    result = problem_solving.assessment(priority, compared)
    return {"id": priority.id, "title": priority.title, "need_key": priority.need_key, "status": priority.status,
            "process": result["process"], "impact": result["impact"], "verdict": result["verdict"],
            "displacement": priority.displacement,
            "closed_decision_id": priority.closed_decision_id,
            "closed_at": priority.closed_at.isoformat() if priority.closed_at else None,
            "actions": [{"id": a.id, "description": a.description, "owner": a.owner, "status": a.status,
                         "deadline": a.deadline.isoformat() if a.deadline else None,
                         "done_on": a.done_on.isoformat() if a.done_on else None} for a in priority.actions]}


def _lang() -> str:
    lang = request.args.get("lang")
    return lang if lang in ("en", "pt", "es") else "en"


@api_bp.route("/groups/<int:group_id>/cycles")
@access.custom("API token; members of the group", _check_group)
def api_cycles(group_id: int):
    cycles = db.session.scalars(select(Cycle).where(Cycle.group_id == group_id).order_by(Cycle.number)).all()
    return jsonify(cycles=[cycle_summary(c) for c in cycles])


@api_bp.route("/cycles/<int:cycle_id>")
@access.custom("API token; members of the cycle's group", _check_cycle)
def api_cycle(cycle_id: int):
    cycle = g.cycle
    level = engagement.service_level(cycle)
    summary = engagement.summary(cycle)
    return jsonify({
        **cycle_summary(cycle),
        "needs": [{"rank": n.get("rank"), "key": n.get("key"), "title": n.get("title"), "note": n.get("note")}
                  for n in cycle.needs],
        "phases": [{"key": p.key, "state": p.state, "checklist": [{"item": t, "done": d} for t, d in p.checklist]}
                   for p in lifecycle.phases(cycle)],
        "engagement": {"offline": summary.offline, "online": summary.online, "contacts": summary.contacts,
                       "by_month": [{"month": m, "offline": off, "online": on, "contacts": c}
                                    for m, off, on, c in summary.by_month]},
        "service_level": {"target_working_days": level.target_days, "received": level.received,
                          "answered": level.answered, "within_target": level.within_target, "met": level.met},
    })


@api_bp.route("/cycles/<int:cycle_id>/priorities")
@access.custom("API token; members of the cycle's group", _check_cycle)
def api_priorities(cycle_id: int):
    cycle = g.cycle
    compared = comparison.compare(cycle, _lang(), by_area=False) if cycle.follow_up_survey_id else None
    return jsonify(priorities=[priority_dict(p, compared) for p in cycle.priorities])


@api_bp.route("/cycles/<int:cycle_id>/comparison")
@access.custom("API token; members of the cycle's group", _check_cycle)
def api_comparison(cycle_id: int):
    """Baseline and follow-up per indicator with the difference's 95% CI; null where a round does not publish."""
    compared = comparison.compare(g.cycle, _lang())
    return jsonify(cycle_id=g.cycle.id, baseline_survey_id=g.cycle.baseline_survey_id,
                   follow_up_survey_id=g.cycle.follow_up_survey_id, problems=compared.problems,
                   overall=[c.as_dict() for c in compared.overall],
                   by_neighbourhood=[c.as_dict() for changes in compared.by_area.values() for c in changes])


def openapi_paths() -> tuple[dict, dict]:
    ok = {"200": {"description": "OK"}, "401": {"description": "No valid token"},
          "403": {"description": "Not a member of the group"}, "404": {"description": "Not found"}}
    cycle_param = [{"name": "cycle_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    lang_param = [{"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["en", "pt", "es"]}}]
    return ({
        "/groups/{group_id}/cycles": {"get": {
            "summary": "Evaluation cycles of a security group",
            "parameters": [{"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": ok}},
        "/cycles/{cycle_id}": {"get": {
            "summary": "A cycle: period, needs, the three phases with their checklists, engagement and service level",
            "parameters": cycle_param, "responses": ok}},
        "/cycles/{cycle_id}/priorities": {"get": {
            "summary": "Priorities as problem-solving records: actions, process, impact and verdict",
            "parameters": cycle_param + lang_param, "responses": ok}},
        "/cycles/{cycle_id}/comparison": {"get": {
            "summary": "Baseline versus follow-up per indicator, overall and per neighbourhood: difference with a 95% "
                       "CI (Newcombe hybrid score for proportions, Welch for means); null where disclosure control "
                       "hides either round",
            "parameters": cycle_param + lang_param,
            "responses": {**ok, "200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CycleComparison"}}}}}}},
    }, {
        "CycleComparison": {"type": "object", "properties": {
            "cycle_id": {"type": "integer"}, "problems": {"type": "array", "items": {"type": "string"}},
            "overall": {"type": "array", "items": {"$ref": "#/components/schemas/IndicatorChange"}},
            "by_neighbourhood": {"type": "array", "items": {"$ref": "#/components/schemas/IndicatorChange"}}}},
        "IndicatorChange": {"type": "object", "properties": {
            "indicator_id": {"type": "integer"}, "indicator": {"type": "string"},
            "measure": {"type": "string", "enum": ["share", "mean"]},
            "neighbourhood_id": {"type": ["integer", "null"]},
            "baseline": {"type": ["object", "null"]}, "follow_up": {"type": ["object", "null"]},
            "difference": {"type": ["object", "null"], "properties": {
                "estimate": {"type": "number"}, "ci_low": {"type": "number"}, "ci_high": {"type": "number"},
                "method": {"type": "string"}, "significant": {"type": "boolean"}}},
            "direction": {"type": "string", "enum": ["improved", "worsened", "no_change", "unknown"]},
            "not_shown_because": {"type": ["string", "null"]}}},
    })
