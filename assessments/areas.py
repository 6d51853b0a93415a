"""Areas drawn on the survey map: read, checked against the group's neighbourhoods, stored as GeoJSON.

A drawn area arrives as GeoJSON text (a Polygon, or a Feature holding one). It must
be one simple polygon (no crossing edges, no holes, no second part), have at most
`max_vertices` corners, touch the neighbourhoods of the survey's group and be no
larger than all of them together. Every rule has its own message for the respondent.

Stored form: the polygon as compact GeoJSON (6 decimals, about 10 cm) in
`Answer.text`, its centroid in `Answer.lat`/`Answer.lng`. Results never show it:
`area_cells` counts, per fixed hexagon, how many people's areas cover it, and each
hexagon's count is published through the cell-key method (`disclosure`) like any cell.
"""
from __future__ import annotations

import json
import math
from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from assessments.question_types.base import AnswerError
from partnership.extensions import db
from partnership.lazy import lazy_module

shapely = lazy_module("shapely")

DEFAULT_MAX_VERTICES = 60
DECIMALS = 6
# Fixed for every area map (about 0.1 km² a cell): no caller can shift or refine the grid.
RESOLUTION = 9


def read_polygon(text) -> shapely.Polygon:
    """The polygon in GeoJSON text (Polygon geometry, or a Feature of one); AnswerError otherwise."""
    unreadable = _("The area you drew could not be read. Please draw it again, or choose a place from the list.")
    if isinstance(text, dict):
        data = text
    else:
        try:
            data = json.loads(str(text))
        except (TypeError, ValueError):
            raise AnswerError(unreadable) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise AnswerError(_("Please draw one area only."))
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise AnswerError(unreadable)
    if data["type"] == "MultiPolygon":
        raise AnswerError(_("Please draw one area only."))
    rings = data.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        raise AnswerError(unreadable)
    if len(rings) > 1:
        raise AnswerError(_("Please draw one area without holes in it."))
    try:
        ring = [(float(p[0]), float(p[1])) for p in rings[0]]
    except (TypeError, ValueError, IndexError):
        raise AnswerError(unreadable) from None
    if not all(math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90 for x, y in ring):
        raise AnswerError(_("That area is not on the map; please draw it again."))
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(set(ring)) < 3:
        raise AnswerError(_("Please draw an area with at least three corners."))
    return shapely.Polygon(ring)


def corners(polygon: shapely.Polygon) -> int:
    return len(polygon.exterior.coords) - 1


def check_area(polygon: shapely.Polygon, *, max_vertices: int = DEFAULT_MAX_VERTICES, within=None) -> shapely.Polygon:
    """The polygon if it is fit to store; AnswerError saying what to change otherwise.

    `within`: the group's neighbourhoods as one geometry (WGS84), or None when no
    boundaries are loaded (then only the shape itself is checked).
    """
    if corners(polygon) > max_vertices:
        raise AnswerError(_("Please draw the area with at most %(max)d corners (yours has %(n)d).",
                            max=max_vertices, n=corners(polygon)))
    if not polygon.is_valid or polygon.area == 0:
        raise AnswerError(_("The edges of the area you drew cross each other. Please draw it again "
                            "without crossing lines, or choose a place from the list."))
    if within is not None and not within.is_empty:
        if not polygon.intersects(within):
            raise AnswerError(_("The area you drew is outside the neighbourhoods of this survey. "
                                "Please draw it on the neighbourhood map."))
        if polygon.area > within.area:
            raise AnswerError(_("The area you drew is larger than all the neighbourhoods of this survey. "
                                "Please draw a smaller area."))
    return polygon


def to_text(polygon: shapely.Polygon) -> str:
    """Compact GeoJSON of a checked polygon, corners rounded to 6 decimals and counter-clockwise."""
    oriented = shapely.orient_polygons(polygon)
    ring = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in oriented.exterior.coords]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def centroid(polygon: shapely.Polygon) -> tuple[float, float]:
    """(lat, lng) of the area's centroid, 6 decimals."""
    point = polygon.centroid
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def neighbourhoods_shape(neighbourhood_ids: list[int], *, version_id: int | None = None):
    """These neighbourhoods' boundaries (of `version_id`, else active) as one geometry; None without boundaries or maps."""
    if not neighbourhood_ids:
        return None
    try:
        from maps.boundaries import neighbourhood_feature_collection
    except ImportError:  # maps is an optional package of an installation
        return None
    features = neighbourhood_feature_collection(neighbourhood_ids, version_id=version_id)["features"]
    shapes = [shapely.geometry.shape(f["geometry"]) for f in features if f.get("geometry")]
    return shapely.union_all(shapes) if shapes else None


def group_shape(question):
    """The neighbourhoods of the question's security group in the survey's boundary version, as one geometry (or None)."""
    survey = question.survey
    if survey is None or survey.group is None:
        return None
    return neighbourhoods_shape([n.id for n in survey.group.neighbourhoods], version_id=survey.boundary_version_id)


# -- results: how many people's areas cover each hexagon ------------------------------

def area_cells(question, resolution: int) -> Counter:
    """Per H3 cell id, the number of respondents whose answer covers it (drawn area, place or point)."""
    return Counter({cell: n for cell, (n, _keys) in area_cell_keys(question, resolution).items()})


def area_cell_keys(question, resolution: int) -> dict[str, tuple[int, int]]:
    """Per H3 cell id, (respondents whose answer covers it, the sum of their record keys).

    Every answer is one respondent; each counts once per cell. Polygons are turned
    into cells in Python (h3 has no SQL form); there is one row per respondent.
    """
    from assessments.models import Answer
    from maps.aggregation import point_cell, polygon_cells

    places = {p["value"]: p for p in (question.config or {}).get("places") or []}
    place_cells: dict[str, frozenset] = {}
    counts: Counter = Counter()
    keys: Counter = Counter()
    rows = db.session.execute(select(Answer.option, Answer.text, Answer.lat, Answer.lng, Answer.record_key)
                              .where(Answer.question_id == question.id))
    for option, text, lat, lng, record_key in rows:
        if option in places:
            if option not in place_cells:
                place = places[option]
                place_cells[option] = frozenset(
                    polygon_cells(place["area"], resolution) if place.get("area")
                    else [point_cell(float(place["lat"]), float(place["lng"]), resolution)])
            cells = place_cells[option]
        elif text:
            try:
                cells = polygon_cells(json.loads(text), resolution)
            except ValueError:
                continue
        elif lat is not None and lng is not None:
            cells = [point_cell(lat, lng, resolution)]
        else:
            continue
        for cell in set(cells):
            counts[cell] += 1
            keys[cell] += int(record_key or 0)
    return {cell: (n, keys[cell]) for cell, n in counts.items()}


def published_cells(question, *, k: int, resolution: int = RESOLUTION) -> dict[str, int]:
    """Per hexagon, the published (cell-key protected) number of people; hexagons published as 0 are left out.

    Counts under k are published as 0 or k, so a hexagon drawn with k may hold fewer people;
    answers added on purpose to make a hexagon appear change its key and its noise.
    """
    from assessments.disclosure import perturb

    published = {cell: perturb(n, keys, k) for cell, (n, keys) in area_cell_keys(question, resolution).items()}
    return {cell: n for cell, n in published.items() if n > 0}


def results_map(question, *, k: int, neighbourhood_ids: list[int], version_id: int | None = None):
    """The results map of a map question: hexagons with their protected counts, nothing else.

    Area questions count the people whose area covers each hexagon; point questions the
    points (or places) in it. The neighbourhood outlines come from `version_id` (the
    survey's boundary version), else the active one.
    """
    from maps import rendering

    counts = published_cells(question, k=k)
    if (question.config or {}).get("mode") != "area":
        return rendering.cell_count_map(
            counts, k=k, neighbourhood_ids=neighbourhood_ids, resolution=RESOLUTION, version_id=version_id,
            note=_("Answers are counted in fixed hexagons, and each count is protected: it may differ from the exact "
                   "number by one or two, and hexagons with fewer than %(k)d answers are left out or shown with %(k)d or a little more."))
    return rendering.cell_count_map(
        counts, k=k, neighbourhood_ids=neighbourhood_ids, resolution=RESOLUTION,
        version_id=version_id,
        label=_("Map of the areas people drew, counted per hexagon"), legend=_("People whose area covers the cell"),
        note=_("Each hexagon shows how many people's areas (drawn or chosen from the list) cover it, as a protected "
               "count that may differ from the exact number by one or two; hexagons covered by fewer than %(k)d "
               "people are left out or shown with %(k)d or a little more, and no drawn area is shown."))
