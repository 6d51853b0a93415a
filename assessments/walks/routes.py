"""A walk's route drawn on the neighbourhood map: read, checked against the group's neighbourhoods, stored as GeoJSON.

The planner draws a line (Leaflet.draw, static/js/walk-route.js) and the page sends it
as GeoJSON text. It must be one LineString of 2 to `MAX_POINTS` points, between
`MIN_LENGTH_M` and `MAX_LENGTH_M` long (a walk, not a drive), with every point within
`NEAR_M` of the group's neighbourhoods (a route may start at a metro exit just across
the border). Every rule has its own message. The drawn route is optional: the list of
stops stays the way to plan a walk with the keyboard.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

from flask_babel import gettext as _

from assessments.walks.recording import WalkError
from partnership.lazy import lazy_module

shapely = lazy_module("shapely")
pyproj = lazy_module("pyproj")

MAX_POINTS = 500
MIN_LENGTH_M = 20
MAX_LENGTH_M = 15_000
NEAR_M = 300
DECIMALS = 6


@lru_cache(maxsize=1)
def _geod():
    return pyproj.Geod(ellps="WGS84")


def read_line(text) -> "shapely.LineString | None":
    """The line in GeoJSON text (a LineString, or a Feature or one-feature collection of one); None when blank."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    unreadable = _("The route drawn on the map could not be read. Draw it again, or plan the walk with the list of stops only.")
    try:
        data = json.loads(text) if isinstance(text, str) else text
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        raise WalkError(unreadable) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise WalkError(_("Draw the route as one line (it has %(n)d parts).", n=len(features)))
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if isinstance(data, dict) and data.get("type") == "MultiLineString":
        raise WalkError(_("Draw the route as one line, from the first stop to the last."))
    if not isinstance(data, dict) or data.get("type") != "LineString" or not isinstance(data.get("coordinates"), list):
        raise WalkError(unreadable)
    points = data["coordinates"]
    if len(points) > MAX_POINTS:
        raise WalkError(_("The route has %(n)d points; draw it with at most %(max)d.", n=len(points), max=MAX_POINTS))
    try:
        coords = [(float(p[0]), float(p[1])) for p in points]
    except (TypeError, ValueError, IndexError, KeyError):
        raise WalkError(unreadable) from None
    if not all(math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90 for x, y in coords):
        raise WalkError(_("A point of the route is not on the map (longitude −180 to 180, latitude −90 to 90)."))
    if len(set(coords)) < 2:
        raise WalkError(_("Draw the route with at least two points."))
    return shapely.LineString(coords)


@lru_cache(maxsize=16)
def _utm_transformer(epsg: int) -> "pyproj.Transformer":
    # Building a transformer costs far more than using it (about 1 s against 1 ms on these machines): keep one per zone.
    return pyproj.Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)


def _to_utm(lng: float, lat: float):
    """x, y arrays (WGS84) -> metres in the UTM zone of (lng, lat), for distances near the route."""
    zone = min(int((lng + 180) // 6) + 1, 60)
    transformer = _utm_transformer((32600 if lat >= 0 else 32700) + zone)
    return lambda x, y: transformer.transform(x, y)


def length_m(line: "shapely.LineString") -> float:
    """The line's length in metres, measured on the ellipsoid."""
    return float(_geod().geometry_length(line))


def check_line(line: "shapely.LineString", *, within=None) -> "shapely.LineString":
    """The line if it is a walkable route near the group's neighbourhoods; WalkError saying what to change otherwise.

    `within`: the group's neighbourhoods as one WGS84 geometry, or None when no boundaries are loaded.
    """
    metres = length_m(line)
    if metres < MIN_LENGTH_M:
        raise WalkError(_("The route is only %(m)d m long; draw the whole walk (at least %(min)d m).",
                          m=round(metres), min=MIN_LENGTH_M))
    if metres > MAX_LENGTH_M:
        raise WalkError(_("The route is %(km).1f km long; a safety walk is at most %(max)d km. Draw a shorter route, "
                          "or split it into two walks.", km=metres / 1000, max=MAX_LENGTH_M // 1000))
    if within is not None and not within.is_empty:
        project = _to_utm(line.centroid.x, line.centroid.y)
        path = shapely.transform(line, project, interleaved=False)
        area = shapely.transform(within, project, interleaved=False)
        if path.distance(area) > NEAR_M:
            raise WalkError(_("The route is outside the group's neighbourhoods. Draw it on the neighbourhood map."))
        # One vectorised distance for every point (a Python loop per point is the slow way).
        away = (shapely.distance(shapely.points(shapely.get_coordinates(path)), area) > NEAR_M).nonzero()[0]
        if len(away):
            raise WalkError(_("Point %(n)d of the route is more than %(m)d m outside the group's neighbourhoods. "
                              "Move it, or draw the route again.", n=int(away[0]) + 1, m=NEAR_M))
    return line


def to_geojson(line: "shapely.LineString") -> dict:
    """A checked line as a GeoJSON LineString geometry, 6 decimals (about 10 cm)."""
    return {"type": "LineString", "coordinates": [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in line.coords]}


def clean_route_line(text, group) -> dict | None:
    """The drawn route of a walk of `group`, checked and ready to store; None when none was drawn."""
    line = read_line(text)
    if line is None:
        return None
    from assessments.areas import neighbourhoods_shape

    return to_geojson(check_line(line, within=neighbourhoods_shape([n.id for n in group.neighbourhoods])))


def route_draw_texts() -> dict:
    """What the drawing tool says, in the page's language (Leaflet.draw's own texts are English only)."""
    return {
        "draw_button": _("Draw the route"), "start": _("Tap where the walk starts."),
        "next": _("Tap the next corner of the route."), "end": _("Tap the last point again to finish the route."),
        "finish": _("Finish"), "undo": _("Delete the last point"), "cancel": _("Cancel"),
        "edit_button": _("Change the route"), "remove_button": _("Remove the route"), "no_route": _("No route drawn"),
        "edit_tip": _("Drag the points to change the route."), "edit_undo": _("Cancel undoes the changes."),
        "remove_tip": _("Tap the route to remove it."), "done": _("Done"), "remove_all": _("Remove the route"),
        "drawn": _("Route drawn. It is saved with the walk."), "removed": _("No route drawn: the list of stops is the plan."),
    }
