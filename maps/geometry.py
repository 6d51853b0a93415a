"""Geometry storage and display helpers shared by versions, rendering and export."""
from __future__ import annotations

import json

from maps.crs import WGS84
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
np = lazy_module("numpy")
shapely = lazy_module("shapely")

# 1e-7 degrees is about 1 cm: far below survey precision, and it keeps stored text small.
STORE_GRID = 1e-7
# 6 decimals (about 10 cm) is plenty on screen; display geometry is simplified anyway.
DISPLAY_DECIMALS = 6
DEFAULT_DISPLAY_TOLERANCE_M = 5.0


def to_geojson_texts(geoms, grid: float = STORE_GRID) -> list[str]:
    """GeoJSON text per geometry, snapped to `grid` (snap-rounding keeps polygons valid)."""
    snapped = shapely.set_precision(np.asarray(geoms, dtype=object), grid)
    return list(shapely.to_geojson(snapped))


def from_geojson_texts(texts, crs: str = WGS84) -> gpd.GeoSeries:
    """Stored GeoJSON texts back to a GeoSeries in WGS84."""
    return gpd.GeoSeries(shapely.from_geojson(list(texts)), crs=crs)


def display_geometries(metric: gpd.GeoSeries, tolerance_m: float = DEFAULT_DISPLAY_TOLERANCE_M) -> gpd.GeoSeries:
    """Simplified for maps, in WGS84; shared borders stay shared (no slivers between neighbours)."""
    # Coverage simplification fails outright on missing geometries (a points-only or messy file
    # leaves rows without a polygon): simplify the present ones and keep the gaps as they are.
    present = ~(metric.isna() | metric.is_empty)
    simplified = metric.copy()
    if present.any():
        simplified[present] = metric[present].simplify_coverage(tolerance_m)
    # Coverage simplification can collapse a tiny area entirely; fall back to its own shape then.
    empty = (simplified.isna() | simplified.is_empty) & present
    if empty.any():
        simplified = simplified.where(~empty, metric.simplify(tolerance_m, preserve_topology=True))
    return simplified.to_crs(WGS84)


def parse(text: str) -> dict:
    return json.loads(text)
