"""A reviewer's checks of an import against what the municipality already has, and the sign-off rule.

The file's own checks (maps.validation) say whether it is a sound boundary set; these say
whether it can replace the active one: an area of the active version missing from the file
and a large overlap are problems to resolve before saving, not notes. A file identical to a
version already stored says so. A municipality may require a second reviewer: whoever
imported a draft then cannot approve it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from maps import geometry as geo
from maps.models import BoundaryArea, BoundaryReviewRule, BoundaryVersion
from maps.report import ERROR, MESSAGES, WARNING, Issue
from maps.validation import find_coverage_problems
from partnership.extensions import db

if TYPE_CHECKING:
    import geopandas as gpd

# Overlaps larger than this (m²) are not digitising slivers but two areas claiming the same land.
DEFAULT_MAX_OVERLAP_M2 = 1000.0

MESSAGES.update({
    "area_missing": _l("Area %(name)s (code %(code)s) of the active version %(number)s is missing from this file. Add it "
                       "to the file, or, if it is removed on purpose, say so below and check again."),
    "area_removed": _l("Area %(name)s (code %(code)s) of the active version %(number)s is removed on purpose, as you said."),
    "overlap_large": _l("Areas %(first)s and %(second)s overlap by %(hectares)s ha, more than the %(limit)s m² a "
                        "drawing error could explain: the same land would belong to both. Correct the file."),
    "identical": _l("This file is identical to version %(number)s: the same areas, names, codes and boundaries. "
                    "Saving it would add nothing new."),
})
CODES = {"area_missing", "area_removed", "overlap_large", "identical"}


def max_overlap_m2() -> float:
    if has_app_context():
        return float(current_app.config.get("BOUNDARY_MAX_OVERLAP_M2", DEFAULT_MAX_OVERLAP_M2))
    return DEFAULT_MAX_OVERLAP_M2


def _active(municipality_id: int) -> BoundaryVersion | None:
    from maps.versions import active_version

    return active_version(municipality_id)


def large_overlaps(metric: gpd.GeoSeries, limit_m2: float) -> list[tuple[int, int, float]]:
    """Pairs of areas (by position) overlapping by more than `limit_m2`."""
    return find_coverage_problems(metric, limit_m2).overlaps


def identical_version(result, municipality_id: int) -> BoundaryVersion | None:
    """The latest stored version with exactly the same areas (codes, names and full geometries), if any."""
    codes, names = list(result.areas["code"]), list(result.areas["name"])
    versions = db.session.scalars(select(BoundaryVersion).where(BoundaryVersion.municipality_id == municipality_id,
                                                                BoundaryVersion.area_count == len(codes))
                                  .order_by(BoundaryVersion.number.desc())).all()
    # Codes and names first: writing thousands of shapes as text (a second or more) only when they match.
    names_of = sorted(zip(codes, names))
    incoming = None
    for version in versions:
        labels = sorted(db.session.execute(select(BoundaryArea.code, BoundaryArea.name)
                                           .where(BoundaryArea.version_id == version.id)).all())
        if [tuple(row) for row in labels] != names_of:
            continue
        if incoming is None:
            incoming = sorted(zip(codes, names, geo.to_geojson_texts(result.areas.geometry.values)))
        stored = sorted(db.session.execute(select(BoundaryArea.code, BoundaryArea.name, BoundaryArea.geometry)
                                           .where(BoundaryArea.version_id == version.id)).all())
        if [tuple(row) for row in stored] == incoming:
            return version
    return None


def check_against_municipality(result, municipality_id: int, *, removals_confirmed: bool = False) -> None:
    """Add the reviewer's findings to `result.issues` (idempotent: a cached result may be checked again)."""
    result.issues = [i for i in result.issues if i.code not in CODES]
    if result.areas is None or result.metric is None:
        return
    found: list[Issue] = []
    active = _active(municipality_id)
    if active is not None:
        codes = set(result.areas["code"])
        for area in sorted(active.areas, key=lambda a: a.name):
            if area.code not in codes:
                found.append(Issue("area_removed" if removals_confirmed else "area_missing",
                                   WARNING if removals_confirmed else ERROR,
                                   {"name": area.name, "code": area.code, "number": active.number}))
    limit = max_overlap_m2()
    names = list(result.areas["name"])
    for i, j, square_metres in result.coverage_above(limit).overlaps:
        found.append(Issue("overlap_large", ERROR, {"first": names[i], "second": names[j],
                                                    "hectares": f"{square_metres / 10_000:,.1f}", "limit": f"{limit:,.0f}"}))
    same = identical_version(result, municipality_id)
    if same is not None:
        found.append(Issue("identical", WARNING, {"number": same.number}))
    result.issues = found + result.issues


def missing_areas(result) -> bool:
    return any(i.code in ("area_missing", "area_removed") for i in result.issues)


# --- the second-reviewer rule -------------------------------------------------------------------

def second_reviewer_required(municipality_id: int) -> bool:
    rule = db.session.get(BoundaryReviewRule, municipality_id)
    return bool(rule and rule.second_reviewer)


def set_second_reviewer(municipality_id: int, required: bool, user) -> None:
    """Turn the municipality's second-reviewer rule on or off (audited)."""
    from partnership.audit import log_event

    rule = db.session.get(BoundaryReviewRule, municipality_id)
    if rule is None:
        rule = BoundaryReviewRule(municipality_id=municipality_id)
        db.session.add(rule)
    rule.second_reviewer = required
    rule.updated_by_id = getattr(user, "id", None)
    log_event("maps.review_rule_changed", actor=user, target=f"municipality:{municipality_id}",
              details={"second_reviewer": required})
    db.session.commit()


def may_approve(user, version: BoundaryVersion) -> bool:
    """False when the rule asks for a second reviewer and `user` imported the draft (the CLI, user None, may)."""
    if user is None or not second_reviewer_required(version.municipality_id):
        return True
    return version.created_by_id is None or version.created_by_id != user.id
