"""JSON API: neighbourhoods as GeoJSON, and point lookup."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for
from sqlalchemy import func, select

from maps.boundaries import area_feature, areas_query, locate_neighbourhood
from partnership import access
from partnership.api.openapi import add_paths
from partnership.extensions import csrf, db

api_bp = Blueprint("maps_api", __name__, url_prefix="/api/v1/neighbourhoods")
# Bearer-token endpoints carry no cookies to forge.
csrf.exempt(api_bp)

DEFAULT_LIMIT, MAX_LIMIT = 100, 500


def _int_list(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        abort(400, description="ids must be a comma-separated list of integers")


@api_bp.route("")
@access.api()
def collection():
    """A page of neighbourhood boundaries (active versions unless version_id), simplified for display."""
    limit = min(max(request.args.get("limit", DEFAULT_LIMIT, type=int), 1), MAX_LIMIT)
    offset = max(request.args.get("offset", 0, type=int), 0)
    stmt = areas_query(_int_list(request.args.get("ids")), municipality_id=request.args.get("municipality_id", type=int),
                       version_id=request.args.get("version_id", type=int))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    areas = db.session.scalars(stmt.limit(limit).offset(offset)).all()
    body = {"type": "FeatureCollection", "features": [area_feature(a) for a in areas],
            "numberMatched": total, "numberReturned": len(areas)}
    if offset + len(areas) < total:
        args = {**request.args.to_dict(), "offset": offset + limit, "limit": limit}
        body["next"] = url_for("maps_api.collection", **args)
    return jsonify(body)


@api_bp.route("/<int:neighbourhood_id>")
@access.api()
def feature(neighbourhood_id: int):
    """One neighbourhood's active boundary; ?geometry=full for the unsimplified shape."""
    area = db.session.scalar(areas_query([neighbourhood_id]))
    if area is None:
        abort(404)
    return jsonify(area_feature(area, full=request.args.get("geometry") == "full"))


@api_bp.route("/locate")
@access.api()
def locate():
    """Which neighbourhood contains a point (lat, lng in WGS84)."""
    lat, lng = request.args.get("lat", type=float), request.args.get("lng", type=float)
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        abort(400, description="lat and lng are required, in degrees")
    return jsonify(neighbourhood_id=locate_neighbourhood(lat, lng, municipality_id=request.args.get("municipality_id", type=int)))


_FEATURE_COLLECTION = {"$ref": "#/components/schemas/NeighbourhoodCollection"}
add_paths(
    {
        "/neighbourhoods": {"get": {
            "summary": "Neighbourhood boundaries as a GeoJSON FeatureCollection (EPSG:4326, simplified for display)",
            "parameters": [
                {"name": "municipality_id", "in": "query", "schema": {"type": "integer"}},
                {"name": "version_id", "in": "query", "schema": {"type": "integer"},
                 "description": "A boundary version; default: the active versions"},
                {"name": "ids", "in": "query", "schema": {"type": "string"}, "description": "Comma-separated neighbourhood ids"},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
                {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0}},
            ],
            "responses": {"200": {"description": "A page of features; `next` links the following page",
                                  "content": {"application/json": {"schema": _FEATURE_COLLECTION}}},
                          "401": {"description": "No valid token"}},
        }},
        "/neighbourhoods/{neighbourhood_id}": {"get": {
            "summary": "One neighbourhood's active boundary as a GeoJSON Feature",
            "parameters": [{"name": "neighbourhood_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                           {"name": "geometry", "in": "query", "schema": {"enum": ["display", "full"]}}],
            "responses": {"200": {"description": "A Feature"}, "404": {"description": "No active boundary"}},
        }},
        "/neighbourhoods/locate": {"get": {
            "summary": "The neighbourhood containing a point",
            "parameters": [{"name": "lat", "in": "query", "required": True, "schema": {"type": "number"}},
                           {"name": "lng", "in": "query", "required": True, "schema": {"type": "number"}},
                           {"name": "municipality_id", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "{neighbourhood_id: integer or null}"}},
        }},
    },
    {"NeighbourhoodCollection": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "features": {"type": "array", "items": {"type": "object", "properties": {
                "type": {"const": "Feature"}, "id": {"type": ["integer", "null"]},
                "geometry": {"type": "object"},
                "properties": {"type": "object", "properties": {
                    "neighbourhood_id": {"type": ["integer", "null"]}, "code": {"type": "string"},
                    "name": {"type": "string"}, "area_ha": {"type": "number"}, "version_id": {"type": "integer"}}},
            }}},
            "numberMatched": {"type": "integer"}, "numberReturned": {"type": "integer"}, "next": {"type": "string"},
        },
    }},
)
