"""A walk's route drawn on the map: checked against the group's neighbourhoods, shown on the maps, exported."""
from __future__ import annotations

import json
import os

import geopandas as gpd
import pytest
from sqlalchemy import select

from assessments.walks.models import Walk
from partnership.extensions import db
from tests.assessments.test_area_questions import SIDE, SOUTH, WEST, boundaries  # noqa: F401  (fixture)
from tests.conftest import csrf_token_from, login

# Inside the first neighbourhood square (0.01° ≈ 870 m by 1,110 m): about 600 m of streets.
INSIDE = [[WEST + 0.002, SOUTH + 0.002], [WEST + 0.006, SOUTH + 0.002], [WEST + 0.006, SOUTH + 0.006]]


def _line(coords) -> str:
    return json.dumps({"type": "LineString", "coordinates": coords})


def _plan(client, group, **fields):
    page = client.get(f"/groups/{group.id}/walks/plan")
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "route_name": "Drawn loop",
            "walk_on": "2026-11-28", "starts_at": "21:00", "period": "night", **fields}
    return client.post(f"/groups/{group.id}/walks/plan", data=data)


def test_a_drawn_route_is_stored_as_a_linestring_and_shown_on_the_maps(client, group, planner, boundaries):
    login(client, planner)
    page = client.get(f"/groups/{group.id}/walks/plan").get_data(as_text=True)
    # The drawing map and its tool are served locally; the list of stops stays for keyboard users.
    assert "data-route-draw" in page and "vendor/leaflet-draw/leaflet.draw.js" in page and "js/walk-route.js" in page
    assert 'name="route"' in page
    response = _plan(client, group, route_line=_line(INSIDE), route="Start\nEnd")
    assert response.status_code == 302
    walk = db.session.scalar(select(Walk).where(Walk.route_name == "Drawn loop"))
    assert walk.route_line == {"type": "LineString", "coordinates": [[round(x, 6), round(y, 6)] for x, y in INSIDE]}
    record = client.get(f"/groups/{group.id}/walks/{walk.id}/record").get_data(as_text=True)
    assert "data-route-line" in record and "js/walk-route.js" in record
    detail = client.get(f"/groups/{group.id}/walks/{walk.id}").get_data(as_text=True)
    # No stop recorded yet: the results map still shows the planned route.
    assert "planned route" in detail and "L.polyline" in detail


def test_a_walk_is_still_planned_without_a_map(client, group, planner, boundaries):
    login(client, planner)
    assert _plan(client, group, route="Exit; 38.70; -9.19\nUnderpass").status_code == 302
    walk = db.session.scalar(select(Walk).where(Walk.route_name == "Drawn loop"))
    assert walk.route_line is None and len(walk.route) == 2


@pytest.mark.parametrize("route_line, message", [
    ("{not json", "could not be read"),
    (json.dumps({"type": "Polygon", "coordinates": [INSIDE + [INSIDE[0]]]}), "could not be read"),
    (json.dumps({"type": "MultiLineString", "coordinates": [INSIDE, INSIDE]}), "as one line"),
    (_line([[WEST + 0.002, SOUTH + 0.002]]), "at least two points"),
    (_line([[WEST + 0.002, SOUTH + 0.002], [WEST + 0.00205, SOUTH + 0.002]]), "at least 20 m"),
    (_line([[WEST + 0.002, SOUTH + 0.002], [WEST + 0.002, SOUTH + 0.2]]), "at most 15 km"),
    (_line([[WEST + 0.002, 95], [WEST + 0.003, SOUTH]]), "not on the map"),
    (_line([[-8.5, 39.5], [-8.49, 39.5]]), "outside the group"),
    (_line([*INSIDE, [WEST + 0.006, SOUTH + 0.03]]), "Point 4 of the route"),
    (_line([[WEST + i * 1e-5, SOUTH + 0.002] for i in range(501)]), "at most 500"),
])
def test_bad_routes_are_refused_with_a_clear_message_and_nothing_is_stored(client, group, planner, boundaries,
                                                                           route_line, message):
    login(client, planner)
    response = _plan(client, group, route_line=route_line, route="Start")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body
    # What was typed is still there to fix.
    assert "Drawn loop" in body and "Start" in body
    assert db.session.scalar(select(Walk).where(Walk.route_name == "Drawn loop")) is None


def test_the_route_is_in_the_geojson_and_geopackage_exports(client, group, planner, boundaries, tmp_path):
    login(client, planner)
    _plan(client, group, route_line=_line(INSIDE))
    walk = db.session.scalar(select(Walk).where(Walk.route_name == "Drawn loop"))
    data = client.get(f"/groups/{group.id}/walks/{walk.id}/export/geojson").get_json(force=True)
    routes = [f for f in data["features"] if f["properties"]["kind"] == "route"]
    assert len(routes) == 1 and routes[0]["geometry"]["type"] == "LineString"
    assert 500 < routes[0]["properties"]["length_m"] < 900
    gpkg = client.get(f"/groups/{group.id}/walks/{walk.id}/export/gpkg").data
    path = os.path.join(tmp_path, "walk.gpkg")
    with open(path, "wb") as handle:
        handle.write(gpkg)
    layer = gpd.read_file(path, layer=f"walk_{walk.id}_route")
    assert list(layer.geometry.geom_type) == ["LineString"] and layer.crs.to_epsg() == 4326
    stops = gpd.read_file(path, layer=f"walk_{walk.id}_stops")
    assert len(stops) == 0


def test_the_demo_route_is_a_walkable_line_through_its_stops():
    from assessments.walks.demo import STOPS
    from assessments.walks.routes import check_line, length_m, read_line

    line = check_line(read_line(json.dumps({"type": "LineString", "coordinates": [[s[2], s[1]] for s in STOPS]})))
    assert 1000 < length_m(line) < 3000
