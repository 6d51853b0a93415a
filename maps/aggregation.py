"""Privacy-safe spatial aggregation: answers counted in fixed H3 hexagons, small cells dropped."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import h3
import h3.api.basic_int as h3_int
import numpy as np

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
