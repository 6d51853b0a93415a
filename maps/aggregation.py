"""Privacy-safe spatial aggregation: answers counted in fixed H3 hexagons, small cells dropped."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from partnership.lazy import lazy_module

h3 = lazy_module("h3")
h3_int = lazy_module("h3.api.basic_int")
np = lazy_module("numpy")
shapely = lazy_module("shapely")

# The grid is fixed: one resolution per map, origin given by H3 itself. A caller cannot shift it,
# so two maps of overlapping data cannot be differenced into a smaller area.
DEFAULT_RESOLUTION = 9  # about 0.1 km² per cell
ALLOWED_RESOLUTIONS = (7, 8, 9)


@dataclass
class CellAggregate:
    """Cells with at least k points, and how much was left out."""

    k: int
    resolution: int
    cells: list[tuple[str, int, list[tuple[float, float]]]] = field(default_factory=list)
    suppressed_cells: int = 0
    suppressed_points: int = 0
    invalid_points: int = 0

    @property
    def shown_points(self) -> int:
        return sum(count for _, count, _ in self.cells)


def _as_arrays(points) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(points, np.ndarray) and points.ndim == 2 and points.shape[1] == 2:
        array = points.astype(float, copy=False)
    else:
        flat = np.fromiter((c for point in points for c in point), dtype=float)
        array = flat.reshape(-1, 2)
    return array[:, 0], array[:, 1]


def aggregate_points(points: Iterable[tuple[float, float]], *, k: int, resolution: int = DEFAULT_RESOLUTION) -> CellAggregate:
    """Count (lat, lng) points per H3 cell; return only cells with count >= k, with their outlines."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if resolution not in ALLOWED_RESOLUTIONS:
        raise ValueError(f"resolution must be one of {ALLOWED_RESOLUTIONS}")
    lat, lng = _as_arrays(points)
    good = np.isfinite(lat) & np.isfinite(lng) & (np.abs(lat) <= 90) & (np.abs(lng) <= 180)
    lat, lng = lat[good], lng[good]
    result = CellAggregate(k=k, resolution=resolution, invalid_points=int((~good).sum()))
    if not len(lat):
        return result
    # h3 has no vectorised call; the integer API in a C-level map() is the fastest loop there is,
    # and counting with numpy avoids a Python dict of string ids.
    ids = np.fromiter(map(h3_int.latlng_to_cell, lat.tolist(), lng.tolist(), [resolution] * len(lat)),
                      dtype=np.uint64, count=len(lat))
    cells, counts = np.unique(ids, return_counts=True)
    keep = counts >= k
    result.suppressed_cells = int((~keep).sum())
    result.suppressed_points = int(counts[~keep].sum())
    for cell, count in zip(cells[keep].tolist(), counts[keep].tolist()):
        cell_id = h3.int_to_str(cell)
        result.cells.append((cell_id, int(count), [tuple(p) for p in h3.cell_to_boundary(cell_id)]))
    return result


def point_cell(lat: float, lng: float, resolution: int = DEFAULT_RESOLUTION) -> str:
    """The H3 cell of one (lat, lng) point on the fixed grid."""
    if resolution not in ALLOWED_RESOLUTIONS:
        raise ValueError(f"resolution must be one of {ALLOWED_RESOLUTIONS}")
    return h3.latlng_to_cell(lat, lng, resolution)


def polygon_cells(geometry: dict, resolution: int = DEFAULT_RESOLUTION) -> set[str]:
    """H3 cells whose centre lies in a GeoJSON Polygon (lng, lat); a polygon smaller than a cell gives its centroid's cell."""
    if resolution not in ALLOWED_RESOLUTIONS:
        raise ValueError(f"resolution must be one of {ALLOWED_RESOLUTIONS}")
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise ValueError("a GeoJSON Polygon is needed")
    cells = set(h3.geo_to_cells(geometry, resolution))
    if not cells:
        ring = geometry["coordinates"][0]
        shape = shapely.Polygon(ring)
        point = shape.centroid if not shape.is_empty else shapely.Point(ring[0])
        cells = {h3.latlng_to_cell(point.y, point.x, resolution)}
    return cells


def aggregate_cell_counts(counts: Mapping[str, int], *, k: int, resolution: int = DEFAULT_RESOLUTION) -> CellAggregate:
    """Counts already made per H3 cell (e.g. respondents whose area covers it): keep cells with count >= k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if resolution not in ALLOWED_RESOLUTIONS:
        raise ValueError(f"resolution must be one of {ALLOWED_RESOLUTIONS}")
    result = CellAggregate(k=k, resolution=resolution)
    for cell_id, count in sorted(counts.items()):
        if not h3.is_valid_cell(cell_id) or h3.get_resolution(cell_id) != resolution:
            raise ValueError(f"{cell_id!r} is not a cell of resolution {resolution}")
        if count >= k:
            result.cells.append((cell_id, int(count), [tuple(p) for p in h3.cell_to_boundary(cell_id)]))
        elif count > 0:
            result.suppressed_cells += 1
            result.suppressed_points += int(count)
    return result
