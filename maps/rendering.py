"""Maps for pages: boundaries, choropleths, privacy-safe cells and a point picker (folium, offline).

Every function returns a `MapFragment`; templates show it with the macros of
`templates/maps/_map.html` (`map_assets()` in the head, `render_map(fragment)` in the body).
Names come from uploaded files, so they are HTML-escaped before they reach a map
(folium's tooltips insert properties with innerHTML).
"""
from __future__ import annotations

import json
from typing import Iterable

from flask import current_app, has_app_context
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from maps import aggregation
from maps.boundaries import areas_query
from maps.fragment import MapFragment
from maps.geometry import parse
from maps.models import BoundaryArea, BoundaryVersion
from partnership.extensions import db
from partnership.lazy import lazy_module

np = lazy_module("numpy")
shapely = lazy_module("shapely")

# folium takes about a second to import: only pages that draw a map pay for it.
folium = lazy_module("folium")
offline = lazy_module("maps.folium_offline")

__all__ = ["MapFragment", "boundary_map", "territory_map", "choropleth_map", "cell_map", "cell_count_map",
           "point_picker", "diff_map"]

# Sequential palette (ColorBrewer YlGnBu, 5 classes); static/css/maps.css has the matching legend swatches.
PALETTE = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]
SUPPRESSED_STYLE = {"fillColor": "#bdbdbd", "fillOpacity": 0.6, "color": "#525252", "weight": 1.5, "dashArray": "4 4"}
BOUNDARY_STYLE = {"fillColor": "#2c7fb8", "fillOpacity": 0.08, "color": "#1f3a5f", "weight": 1.5}
HIGHLIGHT_STYLE = {"fillColor": "#f28e2b", "fillOpacity": 0.35, "color": "#b35806", "weight": 2.5}
OUTLINE_STYLE = {"fillOpacity": 0, "color": "#1f3a5f", "weight": 1.5}
# Cell outlines carry no meaning beyond 5 decimals (about 1 m); shorter numbers keep pages small.
CELL_DECIMALS = 5


def _config(key: str, default=None):
    return current_app.config.get(key, default) if has_app_context() else default


def _base_map(*, prefer_canvas: bool = False):
    return offline.new_map(tile_url=_config("MAP_TILE_URL"), tile_attribution=_config("MAP_TILE_ATTRIBUTION", ""),
                   prefer_canvas=prefer_canvas)


def _attributions(areas: list[BoundaryArea]) -> list[str]:
    version_ids = {a.version_id for a in areas}
    if not version_ids:
        return []
    rows = db.session.execute(select(BoundaryVersion.attribution, BoundaryVersion.illustrative)
                              .where(BoundaryVersion.id.in_(version_ids))).all()
    texts = sorted({text for text, _illustrative in rows if text})
    if any(illustrative for _text, illustrative in rows):
        texts.insert(0, _("Illustrative neighbourhoods, not official boundaries"))
    return texts


def _feature(area: BoundaryArea, label: str, **props) -> dict:
    return {"type": "Feature", "geometry": parse(area.display_geometry),
            "properties": {"label": str(escape(label)), "id": area.neighbourhood_id, **props}}


def _layer(m, features: list[dict], style: dict, *, tooltip: bool = True, name: str | None = None) -> None:
    if not features:
        return
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        style_function=lambda _feature, s=style: s,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True) if tooltip else None,
    ).add_to(m)


def _fit(m, bounds: list[float] | None) -> None:
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])


def _bounds_of(areas: list[BoundaryArea]) -> list[float] | None:
    if not areas:
        return None
    return [min(a.min_lng for a in areas), min(a.min_lat for a in areas),
            max(a.max_lng for a in areas), max(a.max_lat for a in areas)]


def _load_areas(neighbourhood_ids=None, *, municipality_id=None, version_id=None) -> list[BoundaryArea]:
    ids = list(neighbourhood_ids) if neighbourhood_ids is not None else None
    return list(db.session.scalars(areas_query(ids, municipality_id=municipality_id, version_id=version_id)))


def _finish(m, areas: list[BoundaryArea], *, label: str, legend_html: str = "", extra_classes: str = "") -> MapFragment:
    offline.add_attribution(m, _attributions(areas))
    return offline.fragment(m, label=label, legend_html=legend_html, extra_classes=extra_classes)


def boundary_map(neighbourhood_ids: list[int] | None = None, *, municipality_id: int | None = None,
                 version_id: int | None = None, highlight_ids=()) -> MapFragment:
    """Neighbourhood boundaries (active version unless `version_id`), some highlighted."""
    areas = _load_areas(neighbourhood_ids, municipality_id=municipality_id, version_id=version_id)
    highlight = set(highlight_ids)
    m = _base_map()
    _layer(m, [_feature(a, a.name) for a in areas if a.neighbourhood_id not in highlight or a.neighbourhood_id is None],
           BOUNDARY_STYLE)
    highlighted = [a for a in areas if a.neighbourhood_id in highlight]
    _layer(m, [_feature(a, a.name) for a in highlighted], HIGHLIGHT_STYLE)
    _fit(m, _bounds_of(highlighted or areas))
    return _finish(m, areas, label=_("Map of neighbourhood boundaries"))


def territory_map(neighbourhood_ids: list[int], *, municipality_id: int, version_id: int | None = None) -> MapFragment | None:
    """A group's neighbourhoods highlighted among the municipality's boundaries (active version unless `version_id`).

    None when none of the neighbourhoods has a boundary in that version.
    """
    if not _load_areas(neighbourhood_ids, version_id=version_id):
        return None
    return boundary_map(municipality_id=municipality_id, version_id=version_id, highlight_ids=neighbourhood_ids)


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[float]:
    """Equal-interval upper bounds; one class when all values are equal."""
    low, high = min(values), max(values)
    if high == low:
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes - 1)] + [high]


def class_of(value: float, breaks: list[float]) -> int:
    for i, upper in enumerate(breaks):
        if value <= upper + 1e-12:
            return i
    return len(breaks) - 1


def _legend(title: str, rows: list[tuple[str, str]], note: str = "") -> str:
    items = Markup("").join(
        Markup('<li><span class="map-swatch {cls}" aria-hidden="true"></span> {text}</li>').format(cls=cls, text=text)
        for cls, text in rows
    )
    note_html = Markup('<p class="map-legend-note">{}</p>').format(note) if note else Markup("")
    return str(Markup('<div class="map-legend"><p class="map-legend-title">{title}</p><ul>{items}</ul>{note}</div>').format(
        title=title, items=items, note=note_html))


def _ranges(breaks: list[float], low: float, fmt: str) -> list[str]:
    labels, start = [], low
    for upper in breaks:
        labels.append(fmt.format(start) if start == upper else f"{fmt.format(start)} – {fmt.format(upper)}")
        start = upper
    return labels


def choropleth_map(values: dict[int, float | None], *, legend: str, value_format: str = "{:.0f}",
                   version_id: int | None = None, labels: dict[int, str] | None = None) -> MapFragment:
    """Areas coloured by value (keys: Neighbourhood ids); None is not shown and marked as such, never as 0.

    The shapes come from `version_id`, or from the active version when None. `labels`
    names an area in its tooltip when its figure covers more than it (e.g. "Beato + Marvila").
    """
    labels = labels or {}
    k = _config("SMALL_CELL_MIN", 5)
    areas = _load_areas(list(values.keys()), version_id=version_id)
    known = [float(v) for v in values.values() if v is not None]
    breaks = class_breaks(known) if known else []
    m = _base_map()
    by_class: dict[int, list[dict]] = {}
    suppressed = []
    for area in areas:
        value = values.get(area.neighbourhood_id)
        name = labels.get(area.neighbourhood_id) or area.name
        if value is None:
            suppressed.append(_feature(area, _("%(name)s: too few answers to show", name=name)))
        else:
            by_class.setdefault(class_of(float(value), breaks), []).append(
                _feature(area, f"{name}: {value_format.format(value)}"))
    offset = len(PALETTE) - len(breaks)  # a single class takes the darkest colour
    for index, features in sorted(by_class.items()):
        _layer(m, features, {"fillColor": PALETTE[offset + index], "fillOpacity": 0.8, "color": "#333333", "weight": 1})
    _layer(m, suppressed, SUPPRESSED_STYLE)
    _fit(m, _bounds_of(areas))
    rows = [(f"map-swatch-c{offset + i}", label) for i, label in enumerate(_ranges(breaks, min(known), value_format))] if known else []
    if suppressed or not known:
        rows.append(("map-swatch-suppressed", _("Not shown: fewer than about %(k)d answers here", k=k)))
    return _finish(m, areas, label=_("Map: %(legend)s by neighbourhood", legend=legend), legend_html=_legend(legend, rows))


CELL_SCALE = 10 ** CELL_DECIMALS
# Thousands of hexagons as GeoJSON cost about 280 bytes each (1.4 MB for 5,000). Sent instead as
# whole numbers of 1e-5 degrees, each corner as a step from the one before, with one style per
# colour class: about a third of that, and the same outlines to the metre.
CELL_LAYER_JS = """(function () {
  var data = %(data)s, map = {map}, layer = L.featureGroup().addTo(map);
  data.cells.forEach(function (c) {
    var x = c[2], y = c[3], ring = [[y / %(scale)d, x / %(scale)d]];
    for (var i = 4; i < c.length; i += 2) { x += c[i]; y += c[i + 1]; ring.push([y / %(scale)d, x / %(scale)d]); }
    L.polygon(ring, data.styles[c[0]]).bindTooltip(c[1], {sticky: true}).addTo(layer);
  });
})();
"""


def _cell_row(style: int, count: int, boundary) -> list:
    """[style, label, x, y, dx, dy, ...]: the first corner in 1e-5 degrees, then each step to the next."""
    row: list = [style, str(escape(_("%(count)d answers", count=count)))]
    last_x = last_y = 0
    for lat, lng in boundary:
        x, y = round(lng * CELL_SCALE), round(lat * CELL_SCALE)
        row += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return row


def _cell_layer(m, result: aggregation.CellAggregate, breaks: list[float], offset: int) -> None:
    if not result.cells:
        return
    styles = [{"fillColor": colour, "fillOpacity": 0.75, "color": "#ffffff", "weight": 0.5} for colour in PALETTE]
    cells = [_cell_row(offset + class_of(float(count), breaks), count, boundary) for _cell, count, boundary in result.cells]
    data = json.dumps({"styles": styles, "cells": cells}, separators=(",", ":")).replace("</", "<\\/")
    offline.Script(CELL_LAYER_JS % {"data": data, "scale": CELL_SCALE}).add_to(m)


def cell_map(points: Iterable[tuple[float, float]], *, k: int, neighbourhood_ids: list[int] | None = None,
             resolution: int = aggregation.DEFAULT_RESOLUTION, version_id: int | None = None) -> MapFragment:
    """Answers counted in fixed hexagons; cells under k (never below SMALL_CELL_MIN) are not drawn, no point is sent.

    The neighbourhood outlines come from `version_id`, or from the active version when None.
    """
    k = max(int(k), int(_config("SMALL_CELL_MIN", 5)))
    result = aggregation.aggregate_points(points, k=k, resolution=resolution)
    return _cells_map(result, neighbourhood_ids, version_id=version_id)


def cell_count_map(counts: dict[str, int], *, k: int, neighbourhood_ids: list[int] | None = None,
                   resolution: int = aggregation.DEFAULT_RESOLUTION, label: str | None = None,
                   legend: str | None = None, note: str | None = None, version_id: int | None = None) -> MapFragment:
    """Counts made per H3 cell by the caller (e.g. people whose drawn area covers the cell), drawn like `cell_map`.

    Cells under k (never below SMALL_CELL_MIN) are not drawn. `label`, `legend` and
    `note` replace the wording about answers; the note gets `%(k)d` filled in. Outlines as in `cell_map`.
    """
    k = max(int(k), int(_config("SMALL_CELL_MIN", 5)))
    result = aggregation.aggregate_cell_counts(counts, k=k, resolution=resolution)
    return _cells_map(result, neighbourhood_ids, label=label, legend=legend, note=note % {"k": k} if note else None,
                      version_id=version_id)


def _cells_map(result: aggregation.CellAggregate, neighbourhood_ids: list[int] | None, *, label: str | None = None,
               legend: str | None = None, note: str | None = None, version_id: int | None = None) -> MapFragment:
    k = result.k
    areas = _load_areas(neighbourhood_ids, version_id=version_id) if neighbourhood_ids is not None else []
    m = _base_map(prefer_canvas=True)
    _layer(m, [_feature(a, a.name) for a in areas], OUTLINE_STYLE)
    counts = [float(count) for _, count, _ in result.cells]
    breaks = class_breaks(counts) if counts else []
    offset = len(PALETTE) - len(breaks)
    _cell_layer(m, result, breaks, offset)
    bounds = _bounds_of(areas)
    if bounds is None and result.cells:
        lats = [lat for _, _, b in result.cells for lat, _ in b]
        lngs = [lng for _, _, b in result.cells for _, lng in b]
        bounds = [min(lngs), min(lats), max(lngs), max(lats)]
    _fit(m, bounds)
    rows = [(f"map-swatch-c{offset + i}", text) for i, text in enumerate(_ranges(breaks, min(counts), "{:.0f}"))] if counts else []
    note = note or _("Answers are counted in fixed hexagons; cells with fewer than %(k)d answers are not shown.", k=k)
    return _finish(m, areas, label=label or _("Map of answers counted per hexagon"),
                   legend_html=_legend(legend or _("Answers per cell"), rows, note))


def point_picker(neighbourhood_ids: list[int], *, lat_input_id: str, lng_input_id: str,
                 version_id: int | None = None) -> MapFragment:
    """A map where a click or tap sets two inputs (by id) and shows a marker; Tab leaves it as usual.

    The neighbourhoods are drawn from `version_id`, or from the active version when None.
    """
    areas = _load_areas(neighbourhood_ids, version_id=version_id)
    m = _base_map()
    _layer(m, [_feature(a, a.name) for a in areas], BOUNDARY_STYLE, tooltip=False)
    _fit(m, _bounds_of(areas))
    ids = json.dumps([lat_input_id, lng_input_id]).replace("</", "<\\/")
    # The answer is kept to 5 decimals (about 1 m): a tap is never more precise than that.
    offline.Script(
        "(function () {\n"
        f"  var ids = {ids};\n"
        "  var map = {map}, lat = document.getElementById(ids[0]), lng = document.getElementById(ids[1]), marker = null;\n"
        "  if (!lat || !lng) { return; }\n"
        "  function place(ll, fromUser) {\n"
        "    if (marker) { marker.setLatLng(ll); } else {\n"
        "      marker = L.circleMarker(ll, {radius: 9, color: '#b35806', weight: 3, fillColor: '#f28e2b', fillOpacity: 0.9}).addTo(map);\n"
        "    }\n"
        "    if (fromUser) {\n"
        "      lat.value = ll.lat.toFixed(5); lng.value = ll.lng.toFixed(5);\n"
        "      lat.dispatchEvent(new Event('change', {bubbles: true}));\n"
        "    }\n"
        "  }\n"
        "  map.on('click', function (e) { place(e.latlng, true); });\n"
        "  if (lat.value && lng.value && isFinite(lat.value) && isFinite(lng.value)) { place(L.latLng(+lat.value, +lng.value), false); }\n"
        "})();\n"
    ).add_to(m)
    return _finish(m, areas, label=_("Map: click or tap the place you mean"), extra_classes="map-picker")


def diff_map(old_version_id: int, new_version_id: int, changes: dict[str, str]) -> MapFragment:
    """Two versions over each other: the old outlines dashed, new areas coloured by change (`changes`: code -> kind)."""
    old = _load_areas(version_id=old_version_id)
    new = _load_areas(version_id=new_version_id)
    m = _base_map()
    styles = {
        "added": {"fillColor": "#1a9850", "fillOpacity": 0.45, "color": "#1a9850", "weight": 2},
        "reshaped": {"fillColor": "#f28e2b", "fillOpacity": 0.45, "color": "#b35806", "weight": 2},
        "renamed": {"fillColor": "#7570b3", "fillOpacity": 0.3, "color": "#7570b3", "weight": 1.5},
        "unchanged": {"fillColor": "#ffffff", "fillOpacity": 0.1, "color": "#636363", "weight": 1},
    }
    for kind, style in styles.items():
        _layer(m, [_feature(a, f"{a.name} ({a.code})") for a in new if changes.get(a.code) == kind], style)
    _layer(m, [_feature(a, _("%(name)s (before)", name=a.name)) for a in old if changes.get(a.code) in ("reshaped", "removed")],
           {"fill": False, "color": "#d73027", "weight": 2, "dashArray": "6 4"})
    _fit(m, _bounds_of(new + old))
    rows = [("map-swatch-added", _("Added")), ("map-swatch-reshaped", _("Reshaped (now)")),
            ("map-swatch-before", _("Removed or reshaped (before)")), ("map-swatch-renamed", _("Renamed")),
            ("map-swatch-unchanged", _("Unchanged"))]
    return _finish(m, new + old, label=_("Map of the differences between two versions"),
                   legend_html=_legend(_("Changes"), rows))


def preview_map(result) -> MapFragment:
    """An import not yet saved (an `ImportResult`), simplified the way it will be stored."""
    from maps.geometry import display_geometries

    m = _base_map(prefer_canvas=len(result.areas) > 500)
    display = np.asarray(display_geometries(result.metric).values, dtype=object)
    shown = ~(shapely.is_missing(display) | shapely.is_empty(display))
    # 6 decimals (about 10 cm) for the screen, written in one call for all the areas.
    texts = shapely.to_geojson(shapely.set_precision(display[shown], 1e-6)) if shown.any() else []
    labels = [str(escape(f"{name} ({code})"))
              for name, code, keep in zip(result.areas["name"], result.areas["code"], shown) if keep]
    features = [{"type": "Feature", "geometry": json.loads(text), "properties": {"label": label}}
                for text, label in zip(texts, labels)]
    _layer(m, features, BOUNDARY_STYLE)
    marked = _coverage_layers(m, result)
    minx, miny, maxx, maxy = result.areas.total_bounds
    _fit(m, [minx, miny, maxx, maxy])
    legend = _legend(_("Problems"), [("map-swatch-overlap", _("Overlap")), ("map-swatch-gap", _("Gap"))]) if marked else ""
    return offline.fragment(m, label=_("Preview map of the uploaded boundaries"), legend_html=legend)


OVERLAP_STYLE = {"fillColor": "#d73027", "fillOpacity": 0.6, "color": "#a50026", "weight": 2}
GAP_STYLE = {"fillColor": "#fdae61", "fillOpacity": 0.7, "color": "#b35806", "weight": 2, "dashArray": "4 3"}
MAX_MARKED = 200  # problems drawn on the map; the report lists them all


def _coverage_layers(m, result, tolerance_m2: float = 1.0) -> int:
    """Mark where the areas overlap and where gaps lie, each with a ring so a thin sliver is still seen."""
    import geopandas as gpd

    if result.metric is None or len(result.metric) < 2:
        return 0
    found = result.coverage_above(tolerance_m2)
    names = list(result.areas["name"])
    shapes, labels, kinds = [], [], []
    for i, j, square_metres in found.overlaps[:MAX_MARKED]:
        shared = result.metric.iloc[i].intersection(result.metric.iloc[j])
        # Neighbours also share their border line: keep the overlapping area only.
        shapes.append(shapely.union_all([p for p in shapely.get_parts(shared) if p.geom_type in ("Polygon", "MultiPolygon")]))
        labels.append(_("Overlap of %(first)s and %(second)s: %(m2)s m²", first=names[i], second=names[j],
                        m2=f"{square_metres:,.0f}"))
        kinds.append("overlap")
    for hole, around in found.gaps[:MAX_MARKED]:
        shapes.append(hole)
        labels.append(_("Gap between %(names)s: %(m2)s m²", names=", ".join(sorted(names[k] for k in around)),
                        m2=f"{hole.area:,.0f}"))
        kinds.append("gap")
    if not shapes:
        return 0
    series = gpd.GeoSeries(shapes, crs=result.metric.crs)
    wgs84 = series.to_crs("EPSG:4326")
    points = series.representative_point().to_crs("EPSG:4326")
    for kind, style in (("overlap", OVERLAP_STYLE), ("gap", GAP_STYLE)):
        features = [{"type": "Feature", "properties": {"label": str(escape(label))},
                     "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-7)))}
                    for geom, label, k in zip(wgs84.values, labels, kinds) if k == kind and not geom.is_empty]
        _layer(m, features, style, name=kind)
    for point, label, kind in zip(points.values, labels, kinds):
        folium.CircleMarker([point.y, point.x], radius=9, weight=3, fill=False,
                            color=OVERLAP_STYLE["color"] if kind == "overlap" else GAP_STYLE["color"],
                            tooltip=str(escape(label))).add_to(m)
    return len(shapes)
