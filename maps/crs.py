"""Coordinate reference systems: recognising them, suggesting national ones, choosing a metric one."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from partnership.lazy import lazy_module

if TYPE_CHECKING:
    from pyproj import CRS

np = lazy_module("numpy")
pyproj = lazy_module("pyproj")
shapely = lazy_module("shapely")

WGS84 = "EPSG:4326"


@lru_cache(maxsize=1)
def _geod():
    return pyproj.Geod(ellps="WGS84")


# National and regional systems users in Portugal and Spain meet most; the first is the default guess.
SUGGESTED_CRS = [
    ("EPSG:3763", "ETRS89 / Portugal TM06"),
    ("EPSG:4326", "WGS 84 (longitude, latitude)"),
    ("EPSG:4258", "ETRS89 (longitude, latitude)"),
    ("EPSG:25829", "ETRS89 / UTM zone 29N"),
    ("EPSG:25830", "ETRS89 / UTM zone 30N"),
    ("EPSG:25831", "ETRS89 / UTM zone 31N"),
    ("EPSG:20790", "Lisbon (Lisbon) / Portuguese National Grid"),
    ("EPSG:27493", "Datum 73 / Modified Portuguese Grid"),
    ("EPSG:3857", "WGS 84 / Pseudo-Mercator (web maps)"),
]


def parse_crs(value: str) -> CRS:
    """A CRS from user input ("3763", "EPSG:3763", WKT); raises ValueError with a readable reason."""
    text = (value or "").strip()
    if text.isdigit():
        text = f"EPSG:{text}"
    try:
        return pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as exc:
        raise ValueError(str(exc)) from exc


def crs_label(crs: CRS | None) -> str:
    """Short human label: "EPSG:3763 (ETRS89 / Portugal TM06)"."""
    if crs is None:
        return "?"
    epsg = crs.to_epsg()
    return f"EPSG:{epsg} ({crs.name})" if epsg else crs.name


def bounds_look_like_degrees(bounds) -> bool:
    """Whether (minx, miny, maxx, maxy) can be longitude/latitude at all."""
    minx, miny, maxx, maxy = bounds
    return -180.5 <= minx <= maxx <= 180.5 and -90.5 <= miny <= maxy <= 90.5


@lru_cache(maxsize=64)
def _to_wgs84(crs: CRS) -> pyproj.Transformer:
    # Making a transformer costs about 70 ms; an import asks the same few systems every time.
    return pyproj.Transformer.from_crs(crs, WGS84, always_xy=True)


@lru_cache(maxsize=64)
def _crs(code: str) -> CRS:
    return pyproj.CRS.from_user_input(code)


def lands_in_area_of_use(crs: CRS, bounds) -> bool:
    """Whether the centre of `bounds`, read in `crs`, falls inside the CRS's declared area of use."""
    area = crs.area_of_use
    if area is None:
        return False
    x = (bounds[0] + bounds[2]) / 2
    y = (bounds[1] + bounds[3]) / 2
    try:
        lng, lat = _to_wgs84(crs).transform(x, y)
    except Exception:  # pyproj raises several types for impossible coordinates
        return False
    if lng != lng or lat != lat or abs(lng) == float("inf"):  # NaN or infinity: not on Earth
        return False
    return area.west - 0.5 <= lng <= area.east + 0.5 and area.south - 0.5 <= lat <= area.north + 0.5


def suggestions(bounds) -> list[dict]:
    """The suggested systems, those where the data would land plausibly marked `likely` and listed first."""
    rows = []
    for code, label in SUGGESTED_CRS:
        crs = _crs(code)
        degrees = crs.is_geographic
        plausible = bounds_look_like_degrees(bounds) if degrees else not bounds_look_like_degrees(bounds)
        rows.append({"code": code, "label": label, "likely": plausible and lands_in_area_of_use(crs, bounds)})
    return sorted(rows, key=lambda r: not r["likely"])


def metric_crs_for(gdf) -> CRS:
    """A CRS in metres for areas and distances: the file's own when projected in metres, else local UTM."""
    crs = gdf.crs
    if crs is not None and crs.is_projected and crs.axis_info and crs.axis_info[0].unit_name in ("metre", "meter"):
        # Web Mercator distorts areas badly away from the equator; never measure in it.
        if crs.to_epsg() != 3857:
            return crs
    return gdf.to_crs(WGS84).estimate_utm_crs()


def ellipsoidal_area(geometry) -> float:
    """Area in m² of a WGS84 (lng, lat) geometry, measured on the ellipsoid; 0 for none."""
    if geometry is None or geometry.is_empty:
        return 0.0
    return abs(_geod().geometry_area_perimeter(geometry)[0])


def ellipsoidal_areas(geometries) -> list[float]:
    """`ellipsoidal_area` of many geometries at once: the same sums, without a Python walk through each shape.

    Each ring's signed area (holes run the other way) is added per polygon, then per
    multipolygon, in the order pyproj's own `geometry_area_perimeter` adds them.
    """
    values = np.asarray(geometries, dtype=object)
    areas = [0.0] * len(values)
    present = ~(shapely.is_missing(values) | shapely.is_empty(values))
    if not present.any():
        return areas
    parts, part_owner = shapely.get_parts(values[present], return_index=True)
    owners = np.flatnonzero(present)[part_owner]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    bounds = np.searchsorted(ring_of, np.arange(1, len(rings)))
    part_areas = [0.0] * len(parts)
    for ring_coords, part in zip(np.split(coords, bounds), ring_part.tolist()):
        ring_area, _perimeter = _geod().polygon_area_perimeter(ring_coords[:, 0], ring_coords[:, 1])
        part_areas[part] += ring_area
    totals = [0.0] * len(values)
    for part_area, owner in zip(part_areas, owners.tolist()):
        totals[owner] += part_area
    for position in np.flatnonzero(present).tolist():
        areas[position] = abs(totals[position])
    return areas
