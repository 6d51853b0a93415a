"""What a walk shows: scored stops, means by parameter, day against night, and re-walks of the route."""
from __future__ import annotations


from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from assessments.walks.models import Period, Walk
from assessments.walks.scoring import SCORE_COLOURS, items_of, parameter_means, score_class, stop_score, walk_score
from maps.fragment import MapFragment
from maps.rendering import BOUNDARY_STYLE, _bounds_of, _feature, _fit, _layer, _finish, _load_areas
from partnership.extensions import db
from partnership.lazy import lazy_module

folium = lazy_module("folium")
offline = lazy_module("maps.folium_offline")


def route_walks(walk: Walk) -> list[Walk]:
    """Every walk of the same group and route name, oldest first (the walk itself included)."""
    return list(db.session.scalars(select(Walk).where(Walk.group_id == walk.group_id,
                                                      Walk.route_name == walk.route_name)
                                   .order_by(Walk.walk_on, Walk.id)))


def route_latlngs(walk: Walk) -> list[list[float]]:
    """The drawn route as [lat, lng] pairs for Leaflet (GeoJSON keeps lng first); [] without one."""
    line = walk.route_line or {}
    return [[p[1], p[0]] for p in line.get("coordinates") or []] if line.get("type") == "LineString" else []


def summary(walk: Walk) -> dict:
    items = items_of(walk)
    keys = [i.key for i in items]
    stops = [{"stop": s, "number": n, "score": stop_score(s.ratings), "css": score_class(stop_score(s.ratings))}
             for n, s in enumerate(walk.stops, start=1)]
    score = walk_score(walk.stops)
    walks = route_walks(walk)
    by_period = {p.value: [s for w in walks if w.period == p.value for s in w.stops] for p in Period}
    return {
        "items": items,
        "stops": stops,
        "score": score,
        "score_css": score_class(score),
        "means": parameter_means(walk.stops, keys),
        "day_night": {p: parameter_means(stops_, keys) for p, stops_ in by_period.items()},
        "day_night_scores": {p: walk_score(stops_) for p, stops_ in by_period.items()},
        "day_night_counts": {p: len(stops_) for p, stops_ in by_period.items()},
        "rewalks": [{"walk": w, "score": walk_score(w.stops), "means": parameter_means(w.stops, keys),
                     "stops": len(w.stops)} for w in walks],
    }


def walk_map(walk: Walk, group) -> MapFragment | None:
    """Stops as circles coloured by score band over the group's neighbourhoods, along the drawn route if any.

    None when no stop is placed and no route was drawn.
    """
    placed = [(n, s) for n, s in enumerate(walk.stops, start=1) if s.lat is not None and s.lng is not None]
    line = route_latlngs(walk)
    if not placed and not line:
        return None
    areas = _load_areas([n.id for n in group.neighbourhoods])
    m = offline.new_map(tile_url=current_app.config.get("MAP_TILE_URL"),
                tile_attribution=current_app.config.get("MAP_TILE_ATTRIBUTION", ""))
    _layer(m, [_feature(a, a.name) for a in areas], BOUNDARY_STYLE, tooltip=False)
    if line:
        folium.PolyLine(line, color="#1f3a5f", weight=5, opacity=0.85, tooltip=str(escape(_("Planned route")))).add_to(m)
    for number, stop in placed:
        score = stop_score(stop.ratings)
        colour = SCORE_COLOURS[score_class(score)]
        text = f"{number}. {stop.label}: " + (f"{score:.1f} / 5" if score is not None else _("not rated"))
        folium.CircleMarker([stop.lat, stop.lng], radius=10, color="#222222", weight=2, fill=True,
                            fill_color=colour, fill_opacity=0.95, tooltip=str(escape(text))).add_to(m)
    lats = [s.lat for _n, s in placed] + [p[0] for p in line]
    lngs = [s.lng for _n, s in placed] + [p[1] for p in line]
    bounds = _bounds_of(areas) if areas else None
    if bounds is None or len(lats) > 1:
        pad = 0.002
        bounds = [min(lngs) - pad, min(lats) - pad, max(lngs) + pad, max(lats) + pad]
    _fit(m, bounds)
    rows = [("walk-swatch-route", _("planned route"))] if line else []
    rows += [("walk-swatch-low", _("below 2: poor")), ("walk-swatch-mid", _("2 to 3.4: fair")),
            ("walk-swatch-high", _("3.5 and above: good")), ("walk-swatch-none", _("not rated"))]
    items = Markup("").join(Markup('<li><span class="map-swatch {}" aria-hidden="true"></span> {}</li>').format(c, t)
                            for c, t in rows)
    legend = Markup('<div class="map-legend"><p class="map-legend-title">{}</p><ul>{}</ul>'
                    '<p class="map-legend-note">{}</p></div>').format(
        _("Stop score (0-5)"), items, _("Each stop is also listed with its number and score in the table below."))
    return _finish(m, areas, label=_("Map of the walk's stops coloured by score"), legend_html=str(legend))
