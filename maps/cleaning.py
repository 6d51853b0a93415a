"""Opt-in repair of small gaps and overlaps between neighbouring areas (shapely's `coverage_clean`).

Works on the metric geometries of an import, so the width is in metres. It never runs unless
asked, says per area what changed, and refuses when any area would change by more than a small
share: a width that reshapes neighbourhoods is a wrong width, not a repair.
"""
from __future__ import annotations

from dataclasses import dataclass, field


from maps.report import ERROR, INFO, WARNING, Issue
from maps.validation import CoverageProblems, find_coverage_problems
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
np = lazy_module("numpy")
shapely = lazy_module("shapely")

DEFAULT_GAP_WIDTH_M = 5.0
MIN_GAP_WIDTH_M = 0.1
MAX_GAP_WIDTH_M = 50
# No area may grow or shrink by more than this share of itself (1%).
MAX_AREA_CHANGE = 0.01
# Changes below half a square metre are reprojection and snapping noise, not a repair.
NOISE_M2 = 0.5


@dataclass
class AreaChange:
    position: int
    name: str
    before_m2: float
    after_m2: float
    gaps_closed: int = 0
    overlaps_closed: int = 0

    @property
    def change_m2(self) -> float:
        return self.after_m2 - self.before_m2

    @property
    def share(self) -> float:
        """Change as a fraction of the area before (1.0 when an area vanished or appeared)."""
        return abs(self.change_m2) / self.before_m2 if self.before_m2 else (1.0 if self.after_m2 else 0.0)

    @property
    def percent(self) -> float:
        """Signed change in percent of the area before."""
        return 100 * self.share * (1 if self.change_m2 >= 0 else -1)

    @property
    def changed(self) -> bool:
        return abs(self.change_m2) >= NOISE_M2 or self.gaps_closed > 0 or self.overlaps_closed > 0

    def to_dict(self) -> dict:
        return {"name": self.name, "before_m2": round(self.before_m2, 1), "after_m2": round(self.after_m2, 1),
                "change_m2": round(self.change_m2, 1), "percent": round(self.percent, 3),
                "gaps_closed": self.gaps_closed, "overlaps_closed": self.overlaps_closed}


@dataclass
class CoverageRepair:
    """What `repair_coverage` did, or would have done when refused."""

    width_m: float
    metric: gpd.GeoSeries | None  # the repaired geometries; None when refused
    changes: list[AreaChange] = field(default_factory=list)  # areas that changed, largest share first
    gaps_closed: int = 0
    overlaps_closed: int = 0
    remaining: CoverageProblems = field(default_factory=CoverageProblems)
    refused: list[AreaChange] = field(default_factory=list)  # areas changing beyond MAX_AREA_CHANGE

    @property
    def applied(self) -> bool:
        return self.metric is not None

    def issues(self) -> list[Issue]:
        """Report lines; the stored report of a version keeps them, so its history says it was repaired."""
        width = f"{self.width_m:g}"
        limit = f"{100 * MAX_AREA_CHANGE:g}"
        if self.refused:
            worst = self.refused[0]
            return [Issue("coverage_repair_refused", ERROR, {
                "width": width, "name": worst.name, "percent": f"{worst.percent:+.2f}",
                "square_metres": f"{worst.change_m2:+,.0f}", "limit": limit, "count": len(self.refused),
            })]
        found = [Issue("coverage_repaired", WARNING, {
            "width": width, "gaps": self.gaps_closed, "overlaps": self.overlaps_closed, "areas": len(self.changes),
        })]
        for change in self.changes:
            found.append(Issue("area_repaired", INFO, {
                "name": change.name, "before": f"{change.before_m2:,.0f}", "after": f"{change.after_m2:,.0f}",
                "change": f"{change.change_m2:+,.0f}", "percent": f"{change.percent:+.3f}",
                "gaps": change.gaps_closed, "overlaps": change.overlaps_closed,
            }))
        if self.remaining:
            found.append(Issue("coverage_repair_remaining", WARNING, {
                "width": width, "gaps": len(self.remaining.gaps), "overlaps": len(self.remaining.overlaps),
            }))
        return found


def gap_width_problem(width_m) -> str | None:
    """Why a width cannot be used (in English, for logs and the CLI), or None."""
    if width_m is None or not (MIN_GAP_WIDTH_M <= float(width_m) <= MAX_GAP_WIDTH_M):
        return f"the width must be between {MIN_GAP_WIDTH_M:g} and {MAX_GAP_WIDTH_M:g} m"
    return None


def repair_coverage(metric: gpd.GeoSeries, names: list[str], width_m: float, tolerance_m2: float,
                    before: CoverageProblems | None = None) -> CoverageRepair:
    """Close gaps narrower than `width_m` and give each overlap to one neighbour; refuse large changes.

    `metric` must be in a CRS in metres; missing geometries are left alone (shapely's
    `coverage_clean` does not keep positions when given missing values).
    """
    if gap_width_problem(width_m):
        raise ValueError(gap_width_problem(width_m))
    if before is None:
        before = find_coverage_problems(metric, tolerance_m2)
    positions = np.flatnonzero(metric.notna().to_numpy())
    originals = metric.values[positions]
    cleaned = shapely.coverage_clean(originals, gap_width=float(width_m))
    cleaned = np.array([g if g is not None and not g.is_empty else None for g in cleaned], dtype=object)
    values = np.array(metric.values, dtype=object)
    values[positions] = cleaned
    repaired = gpd.GeoSeries(values, index=metric.index, crs=metric.crs)
    present = repaired.notna()
    repaired[present] = repaired[present].orient_polygons()
    after = find_coverage_problems(repaired, tolerance_m2, coverage=True)

    changes = {int(p): AreaChange(int(p), names[p], float(shapely.area(metric.values[p])),
                                  float(shapely.area(repaired.values[p])) if repaired.values[p] is not None else 0.0)
               for p in positions}
    still_overlapping = {(i, j) for i, j, _ in after.overlaps}
    overlaps_closed = 0
    for i, j, _ in before.overlaps:
        if (i, j) not in still_overlapping:
            overlaps_closed += 1
            changes[i].overlaps_closed += 1
            changes[j].overlaps_closed += 1
    remaining_gaps = shapely.union_all([hole for hole, _ in after.gaps]) if after.gaps else None
    gaps_closed = 0
    for hole, around in before.gaps:
        left = hole.intersection(remaining_gaps).area if remaining_gaps is not None else 0.0
        if left <= tolerance_m2:
            gaps_closed += 1
            for k in around:
                changes[k].gaps_closed += 1
    changed = sorted((c for c in changes.values() if c.changed), key=lambda c: (-c.share, c.name))
    too_much = [c for c in changed if c.share > MAX_AREA_CHANGE]
    return CoverageRepair(width_m=float(width_m), metric=None if too_much else repaired, changes=changed,
                          gaps_closed=gaps_closed, overlaps_closed=overlaps_closed, remaining=after, refused=too_much)
