"""Geometry checks on a boundary set: repair, names and codes, parts and holes, overlaps and gaps."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


from maps.report import ERROR, INFO, WARNING, Issue
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
pyproj = lazy_module("pyproj")
np = lazy_module("numpy")
shapely = lazy_module("shapely")

POLYGONAL = {"Polygon", "MultiPolygon"}
# A thousand findings of one kind help nobody; the rest are counted, not listed.
MAX_LISTED = 50
# Column sizes of the stored version: longer values must be refused here, not fail on saving.
MAX_CODE = 40
MAX_NAME = 160
MAX_FIELD_NAME = 120


def _ha(square_metres: float) -> str:
    return f"{square_metres / 10_000:,.2f}"


def _polygonal_part(geom):
    """Keep only the polygon parts of a repaired geometry (make_valid may add lines or points)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in POLYGONAL:
        return geom
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in POLYGONAL]
    if not polys:
        return None
    merged = shapely.union_all(polys)
    return merged if not merged.is_empty else None


def check_names(names: list[str], codes: list[str]) -> list[Issue]:
    """Empty or duplicate names and codes; codes identify areas across versions, names are read by people."""
    issues: list[Issue] = []
    for row, name in enumerate(names, start=1):
        if not name:
            issues.append(Issue("name_empty", ERROR, {"row": row}))
        elif len(name) > MAX_NAME:
            issues.append(Issue("name_too_long", ERROR, {"row": row, "max": MAX_NAME}))
    for name, code in zip(names, codes):
        if code and len(code) > MAX_CODE:
            issues.append(Issue("code_too_long", ERROR, {"name": (name or "?")[:MAX_NAME], "max": MAX_CODE}))
    for name, count in Counter(n for n in names if n).items():
        if count > 1:
            issues.append(Issue("name_duplicate", ERROR, {"name": name, "count": count}))
    by_code: dict[str, list[str]] = {}
    for name, code in zip(names, codes):
        if not code:
            issues.append(Issue("code_empty", ERROR, {"name": name or "?"}))
        else:
            by_code.setdefault(code, []).append(name or "?")
    for code, holders in by_code.items():
        if len(holders) > 1:
            issues.append(Issue("code_duplicate", ERROR, {"code": code, "count": len(holders), "names": ", ".join(holders)}))
    return issues


def repair(geoms: gpd.GeoSeries, names: list[str], metric_crs) -> tuple[gpd.GeoSeries, list[Issue]]:
    """Make every geometry a valid polygon or multipolygon, reporting what changed and by how much."""
    issues: list[Issue] = []
    if geoms.has_z.any():
        geoms = gpd.GeoSeries(shapely.force_2d(geoms.values), index=geoms.index, crs=geoms.crs)
        issues.append(Issue("geometry_z_dropped", INFO))
    values = np.asarray(geoms.values, dtype=object)
    fixed = values.copy()
    missing = shapely.is_missing(values) | shapely.is_empty(values)
    kinds = np.asarray(geoms.geom_type, dtype=object)
    valid = shapely.is_valid(values)
    # Most rows of a real file are valid polygons: only the others are looked at one by one.
    look = np.flatnonzero(missing | ~valid | ~np.isin(kinds, list(POLYGONAL)))
    reasons = shapely.is_valid_reason(values[look]) if len(look) else []
    for i, reason in zip(look.tolist(), reasons):
        label = names[i] or f"#{i + 1}"
        if missing[i]:
            issues.append(Issue("geometry_missing", ERROR, {"name": label}))
            fixed[i] = None
            continue
        if kinds[i] not in POLYGONAL and kinds[i] != "GeometryCollection":
            issues.append(Issue("geometry_not_polygon", ERROR, {"name": label, "kind": kinds[i]}))
            fixed[i] = None
            continue
        if valid[i] and kinds[i] in POLYGONAL:
            continue
        # "structure" rebuilds rings as the author meant them (a bow-tie becomes two triangles)
        # instead of keeping dangling linework; collapsed parts are dropped, not kept as lines.
        before = values[i]
        after = _polygonal_part(shapely.make_valid(before, method="structure", keep_collapsed=False))
        if after is None:
            issues.append(Issue("geometry_repair_empty", ERROR, {"name": label, "reason": reason}))
            fixed[i] = None
            continue
        both = gpd.GeoSeries([before, after], crs=geoms.crs).to_crs(metric_crs)
        issues.append(Issue("geometry_repaired", WARNING, {
            "name": label,
            "reason": reason,
            "before": _ha(both.iloc[0].area),
            "after": _ha(both.iloc[1].area),
            "parts_before": int(shapely.get_num_geometries(before)),  # numpy ints do not go into JSON
            "parts_after": int(shapely.get_num_geometries(after)),
        }))
        fixed[i] = after
    result = gpd.GeoSeries(fixed, index=geoms.index, crs=geoms.crs)
    present = result.notna()
    # Exterior rings counter-clockwise, holes clockwise: the right-hand rule GeoJSON asks for.
    result[present] = result[present].orient_polygons()
    return result, issues


def describe_shapes(metric: gpd.GeoSeries, names: list[str]) -> list[Issue]:
    """Multipart areas and holes: often legitimate (islands, enclaves), always worth a look."""
    issues: list[Issue] = []
    values = np.asarray(metric.values, dtype=object)
    parts, part_of = shapely.get_parts(values, return_index=True)
    holes_per_part = shapely.get_num_interior_rings(parts)
    part_count = np.bincount(part_of, minlength=len(values))
    hole_count = np.bincount(part_of, weights=holes_per_part, minlength=len(values)).astype(int)
    # Only areas with several parts or with holes are reported: look at those alone.
    for position in np.flatnonzero((part_count > 1) | (hole_count > 0)).tolist():
        geom, name = values[position], names[position]
        own = shapely.get_parts(geom)
        if len(own) > 1:
            issues.append(Issue("multipart", INFO, {"name": name, "parts": len(own)}))
        holes = [shapely.Polygon(ring) for part in own for ring in part.interiors]
        if holes:
            issues.append(Issue("holes", INFO, {"name": name, "holes": len(holes), "hectares": _ha(sum(h.area for h in holes))}))
    return issues


def _capped(issues: list[Issue]) -> list[Issue]:
    if len(issues) <= MAX_LISTED:
        return issues
    extra = len(issues) - MAX_LISTED
    shown = issues[:MAX_LISTED]
    shown.append(Issue("more", issues[0].severity, {"count": extra, "kind": issues[0].code}))
    return shown


@dataclass
class CoverageProblems:
    """Overlaps and gaps of a boundary set, by position in the metric series it was found in."""

    overlaps: list[tuple[int, int, float]] = field(default_factory=list)  # (i, j, m²) with i < j
    gaps: list[tuple[object, list[int]]] = field(default_factory=list)  # (hole polygon, areas around it)

    def __bool__(self) -> bool:
        return bool(self.overlaps or self.gaps)


def _union(geoms, coverage: bool):
    if coverage:
        # A clean coverage (what coverage_clean returns) is merged along its shared edges, many times
        # faster; should the edges not match after all, the general union gives the same land.
        try:
            return shapely.coverage_union_all(geoms)
        except shapely.errors.GEOSException:
            pass
    return shapely.union_all(geoms)


def find_coverage_problems(metric: gpd.GeoSeries, tolerance_m2: float, *, coverage: bool = False) -> CoverageProblems:
    """Overlaps between any two areas and gaps enclosed by the set, each above `tolerance_m2`.

    `coverage=True` says the areas come from `coverage_clean` (no overlaps, shared edges identical).
    """
    found = CoverageProblems()
    positions = np.flatnonzero(metric.notna().to_numpy())
    geoms = np.asarray(metric.values[positions], dtype=object)
    if len(geoms) < 2:
        return found
    tree = shapely.STRtree(geoms)
    # A gap is a piece of land enclosed by the set but belonging to no area: a hole of the union.
    union = _union(geoms, coverage)
    # Land claimed by two areas counts twice in the sum of their areas and once in the union. When
    # that excess is within the tolerance, no pair can overlap by more, and the costly pairwise
    # intersections (seconds for thousands of neighbours) are not needed at all.
    excess = float(shapely.area(geoms).sum() - shapely.area(union))
    if excess > tolerance_m2 / 2:
        left, right = tree.query(geoms, predicate="intersects")
        pairs = left < right
        left, right = left[pairs], right[pairs]
        if len(left):
            areas = shapely.area(shapely.intersection(geoms[left], geoms[right]))
            found.overlaps = [(int(positions[i]), int(positions[j]), float(a))
                              for i, j, a in zip(left, right, areas) if a > tolerance_m2]
    for part in shapely.get_parts(union):
        for ring in part.interiors:
            hole = shapely.Polygon(ring)
            if hole.area > tolerance_m2:
                found.gaps.append((hole, sorted(int(positions[k]) for k in tree.query(hole, predicate="intersects"))))
    return found


def coverage_issues(metric: gpd.GeoSeries, names: list[str], tolerance_m2: float,
                    found: CoverageProblems | None = None) -> list[Issue]:
    """The findings of `find_coverage_problems` as report lines (`names` by position in `metric`)."""
    if found is None:
        found = find_coverage_problems(metric, tolerance_m2)
    overlaps = [Issue("overlap", WARNING, {"first": names[i], "second": names[j], "square_metres": f"{area:,.0f}"})
                for i, j, area in found.overlaps]
    gaps = []
    if found.gaps:
        to_wgs84 = pyproj.Transformer.from_crs(metric.crs, "EPSG:4326", always_xy=True)
        for hole, around in found.gaps:
            point = hole.representative_point()
            lng, lat = to_wgs84.transform(point.x, point.y)
            gaps.append(Issue("gap", WARNING, {
                "square_metres": f"{hole.area:,.0f}",
                "names": ", ".join(sorted(names[k] for k in around)),
                "lat": f"{lat:.5f}",
                "lng": f"{lng:.5f}",
            }))
    if not overlaps and not gaps:
        return [Issue("coverage_clean", INFO, {"tolerance": f"{tolerance_m2:g}"})]
    return _capped(overlaps) + _capped(gaps)


def check_coverage(metric: gpd.GeoSeries, names: list[str], tolerance_m2: float) -> list[Issue]:
    """Overlaps between any two areas and gaps enclosed by the set, each above `tolerance_m2`, as report lines."""
    return coverage_issues(metric, names, tolerance_m2)


def summary(areas_m2: list[float]) -> Issue:
    present = [a for a in areas_m2 if a]
    return Issue("summary", INFO, {"count": len(present), "hectares": _ha(float(sum(present)))})
