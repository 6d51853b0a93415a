"""Exports of a walk's stops: GeoJSON and GeoPackage (points, WGS84) and a CSV of ratings.

The route drawn on the map goes with them: in GeoJSON as one more feature (a
LineString whose `kind` is "route", stops have `kind` "stop"), in GeoPackage as a
second layer. Photos, notes' authors and walkers are never exported; only stops
with a location are in the map files (the CSV has every stop).
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile

from assessments.walks.models import Walk
from assessments.walks.scoring import items_of, stop_score
from maps import geometry as geo
from partnership.lazy import lazy_module
from partnership.spreadsheets import inert

gpd = lazy_module("geopandas")
shapely = lazy_module("shapely")

FORMATS = {"geojson": ("application/geo+json", "geojson"), "gpkg": ("application/geopackage+sqlite3", "gpkg"),
           "csv": ("text/csv; charset=utf-8", "csv")}


def file_name(walk: Walk, fmt: str) -> str:
    return f"walk-{walk.id}-{walk.walk_on.isoformat()}-{walk.period}.{FORMATS[fmt][1]}"


def _rows(walk: Walk) -> list[dict]:
    keys = [i.key for i in items_of(walk)]
    rows = []
    for number, stop in enumerate(walk.stops, start=1):
        row = {"stop": number, "label": stop.label, "lat": stop.lat, "lng": stop.lng,
               "score": stop_score(stop.ratings), "period": walk.period, "walked_on": walk.walk_on.isoformat(),
               "route": walk.route_name}
        row.update({key: stop.ratings.get(key) for key in keys})
        row.update({"notes": stop.notes, "recommendation": stop.recommendation})
        rows.append(row)
    return rows


def stops_frame(walk: Walk) -> gpd.GeoDataFrame:
    rows = [r for r in _rows(walk) if r["lat"] is not None and r["lng"] is not None]
    columns = list(_rows_columns(walk))
    frame = gpd.GeoDataFrame({c: [r[c] for r in rows] for c in columns},
                             geometry=[shapely.Point(r["lng"], r["lat"]) for r in rows], crs=geo.WGS84)
    return frame


def route_frame(walk: Walk) -> gpd.GeoDataFrame | None:
    """The drawn route as a one-row layer (with its length in metres); None without one."""
    line = walk.route_line or {}
    if line.get("type") != "LineString" or len(line.get("coordinates") or []) < 2:
        return None
    from assessments.walks.routes import length_m

    shape = shapely.LineString(line["coordinates"])
    return gpd.GeoDataFrame({"kind": ["route"], "route": [walk.route_name], "period": [walk.period],
                             "walked_on": [walk.walk_on.isoformat()], "length_m": [round(length_m(shape))]},
                            geometry=[shape], crs=geo.WGS84)


def _rows_columns(walk: Walk):
    return ["stop", "label", "score", "period", "walked_on", "route", *[i.key for i in items_of(walk)],
            "notes", "recommendation"]


def export_walk(walk: Walk, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "csv":
        out = io.StringIO()
        columns = ["stop", "label", "lat", "lng", *_rows_columns(walk)[2:]]
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in _rows(walk):
            writer.writerow({k: inert(v) for k, v in row.items()})
        return out.getvalue().encode("utf-8-sig")
    frame = stops_frame(walk)
    route = route_frame(walk)
    if fmt == "geojson":
        data = json.loads(frame.to_json(drop_id=True))
        for feature in data["features"]:
            feature["properties"]["kind"] = "stop"
        if route is not None:
            data["features"].extend(json.loads(route.to_json(drop_id=True))["features"])
        data["name"] = f"{walk.route_name} {walk.walk_on.isoformat()} {walk.period}"
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.gpkg")
        frame.to_file(path, layer=f"walk_{walk.id}_stops", driver="GPKG", engine="pyogrio")
        if route is not None:
            route.to_file(path, layer=f"walk_{walk.id}_route", driver="GPKG", engine="pyogrio", mode="a")
        with open(path, "rb") as handle:
            return handle.read()
