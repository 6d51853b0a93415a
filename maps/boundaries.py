"""Reading stored boundaries: GeoJSON for maps and the API, and point-in-neighbourhood lookups."""
from __future__ import annotations

import json

from sqlalchemy import select

from maps.models import BoundaryArea, BoundaryVersion, VersionStatus
from partnership.extensions import db
from partnership.lazy import lazy_module

shapely = lazy_module("shapely")


def areas_query(neighbourhood_ids=None, *, municipality_id: int | None = None, version_id: int | None = None):
    """A select() of BoundaryArea: of one version, or of the active versions, optionally narrowed."""
    stmt = select(BoundaryArea).join(BoundaryVersion)
    if version_id is not None:
        stmt = stmt.where(BoundaryArea.version_id == version_id)
    else:
        stmt = stmt.where(BoundaryVersion.status == VersionStatus.ACTIVE)
    if municipality_id is not None:
        stmt = stmt.where(BoundaryVersion.municipality_id == municipality_id)
    if neighbourhood_ids is not None:
        stmt = stmt.where(BoundaryArea.neighbourhood_id.in_(list(neighbourhood_ids)))
    return stmt.order_by(BoundaryArea.name, BoundaryArea.id)


def area_feature(area: BoundaryArea, *, full: bool = False, extra: dict | None = None) -> dict:
    """One area as a GeoJSON Feature (id: the Neighbourhood id once approved)."""
    properties = {
        "neighbourhood_id": area.neighbourhood_id,
        "code": area.code,
        "name": area.name,
        "area_ha": round(area.area_m2 / 10_000, 2),
        "version_id": area.version_id,
    }
    if extra:
        properties.update(extra)
    return {
        "type": "Feature",
        "id": area.neighbourhood_id,
        "geometry": json.loads(area.geometry if full else area.display_geometry),
        "properties": properties,
    }


def feature_collection(areas, *, full: bool = False) -> dict:
    return {"type": "FeatureCollection", "features": [area_feature(a, full=full) for a in areas]}


def neighbourhood_feature_collection(neighbourhood_ids=None, *, municipality_id=None, version_id=None) -> dict:
    """Neighbourhood boundaries as a GeoJSON FeatureCollection in EPSG:4326, simplified for display."""
    areas = db.session.scalars(areas_query(neighbourhood_ids, municipality_id=municipality_id, version_id=version_id))
    return feature_collection(areas)


def locate_neighbourhood(lat: float, lng: float, *, municipality_id: int | None = None,
                         version_id: int | None = None) -> int | None:
    """The Neighbourhood whose boundary contains the point (in `version_id`, else the active version), or None."""
    stmt = areas_query(municipality_id=municipality_id, version_id=version_id).where(
        BoundaryArea.min_lng <= lng, BoundaryArea.max_lng >= lng,
        BoundaryArea.min_lat <= lat, BoundaryArea.max_lat >= lat,
    )
    point = shapely.Point(lng, lat)
    for area in db.session.scalars(stmt):
        # The full geometry, not the display one: simplification may move a border by metres.
        if shapely.from_geojson(area.geometry).covers(point):
            return area.neighbourhood_id
    return None
