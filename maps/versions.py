"""Boundary versions: save a draft, review it, approve it into the active set, compare two."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from maps import geometry as geo
from maps.importing import ImportResult
from maps.models import BoundaryArea, BoundaryComment, BoundaryVersion, CommentKind, VersionStatus
from maps.permissions import can_manage_boundaries
from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.lazy import lazy_module
from partnership.neighbourhoods.models import Municipality, Neighbourhood

shapely = lazy_module("shapely")


class BoundaryActionError(Exception):
    """A refused action on a version; the message is shown to the user as is."""


def _require_manager(user, version_or_municipality_id) -> None:
    municipality_id = getattr(version_or_municipality_id, "municipality_id", version_or_municipality_id)
    if user is not None and not can_manage_boundaries(user, municipality_id):
        raise BoundaryActionError(str(_l("Only reviewers of this municipality may do this.")))


def active_version(municipality_id: int) -> BoundaryVersion | None:
    """The approved, active boundary set of a municipality, if any."""
    return db.session.scalar(
        select(BoundaryVersion).where(
            BoundaryVersion.municipality_id == municipality_id, BoundaryVersion.status == VersionStatus.ACTIVE
        )
    )


def version_in_use(version_id: int | None, municipality_id: int) -> BoundaryVersion | None:
    """The version a map made with `version_id` draws: that one, or the municipality's active one when None."""
    if version_id is not None:
        return db.session.get(BoundaryVersion, version_id)
    return active_version(municipality_id)


def create_draft(
    result: ImportResult,
    municipality: Municipality,
    user=None,
    *,
    attribution: str = "",
    note: str = "",
    illustrative: bool = False,
    display_tolerance_m: float = geo.DEFAULT_DISPLAY_TOLERANCE_M,
) -> BoundaryVersion:
    """Save a validated import as the municipality's next draft version (user None: the operator's CLI)."""
    if not result.ok:
        raise BoundaryActionError(str(_l("This file still has problems; fix them before saving.")))
    _require_manager(user, municipality.id)
    number = (db.session.scalar(
        select(func.max(BoundaryVersion.number)).where(BoundaryVersion.municipality_id == municipality.id)
    ) or 0) + 1
    areas = result.areas
    display = geo.display_geometries(result.metric, display_tolerance_m)
    full_texts = geo.to_geojson_texts(areas.geometry.values)
    display_texts = geo.to_geojson_texts(display.values, grid=10 ** -geo.DISPLAY_DECIMALS)
    bounds = shapely.bounds(areas.geometry.values)
    version = BoundaryVersion(
        municipality_id=municipality.id,
        number=number,
        status=VersionStatus.DRAFT,
        source_filename=result.filename[:255],
        source_format=result.file_format,
        source_layer=result.layer,
        source_crs=result.source_crs or "",
        name_field=result.name_field,
        code_field=result.code_field,
        attribution=attribution.strip()[:300],
        note=note.strip(),
        illustrative=illustrative,
        report=result.report(),
        area_count=len(areas),
        created_by_id=getattr(user, "id", None),
    )
    for i, row in enumerate(areas.itertuples(index=False)):
        version.areas.append(BoundaryArea(
            code=row.code, name=row.name[:160], area_m2=float(row.area_m2),
            geometry=full_texts[i], display_geometry=display_texts[i],
            min_lng=float(bounds[i][0]), min_lat=float(bounds[i][1]),
            max_lng=float(bounds[i][2]), max_lat=float(bounds[i][3]),
        ))
    db.session.add(version)
    db.session.flush()
    log_event("maps.version_imported", actor=user, target=f"boundary_version:{version.id}",
              details={"municipality": municipality.code, "number": number, "file": result.filename, "areas": len(areas)})
    db.session.commit()
    return version


def add_comment(version: BoundaryVersion, user, body: str) -> BoundaryComment:
    """A reviewer's remark on any version of their municipality."""
    _require_manager(user, version)
    body = (body or "").strip()
    if not body:
        raise BoundaryActionError(str(_l("Write a comment first.")))
    comment = BoundaryComment(version=version, author_id=user.id, kind=CommentKind.COMMENT, body=body)
    db.session.add(comment)
    db.session.commit()
    return comment


def request_changes(version: BoundaryVersion, user, body: str) -> BoundaryComment:
    """Send a draft back: it can no longer be approved, a corrected file becomes a new version."""
    _require_manager(user, version)
    if version.status != VersionStatus.DRAFT:
        raise BoundaryActionError(str(_l("Only a draft awaiting review can be sent back.")))
    body = (body or "").strip()
    if not body:
        raise BoundaryActionError(str(_l("Say what needs to change.")))
    version.status = VersionStatus.CHANGES_REQUESTED
    comment = BoundaryComment(version=version, author_id=user.id, kind=CommentKind.CHANGES_REQUESTED, body=body)
    db.session.add(comment)
    log_event("maps.changes_requested", actor=user, target=f"boundary_version:{version.id}")
    db.session.commit()
    return comment


# Other packages pin what they made before their municipality had boundaries; each hook gets
# (municipality_id, version_id the records were shown with) inside the approval's transaction.
_approval_hooks: list = []


def describe_version(version_id: int) -> str | None:
    """How the audit log names a boundary version: "Lisboa, boundary version 2"."""
    version = db.session.get(BoundaryVersion, version_id)
    if version is None:
        return None
    return str(_l("%(place)s, boundary version %(number)d")) % {"place": version.municipality.name,
                                                               "number": version.number}


def register_approval_hook(hook) -> None:
    """Run `hook(municipality_id, version_id)` whenever a version is approved (no commit inside)."""
    if hook not in _approval_hooks:
        _approval_hooks.append(hook)


def approve(version: BoundaryVersion, user, body: str = "") -> BoundaryVersion:
    """Make a draft the active set: the previous one is superseded and Neighbourhoods follow by code."""
    _require_manager(user, version)
    if version.status != VersionStatus.DRAFT:
        raise BoundaryActionError(str(_l("Only a draft awaiting review can be approved.")))
    from maps.review import may_approve

    if not may_approve(user, version):
        raise BoundaryActionError(str(_l("You imported this draft, and %(place)s asks for a second reviewer: another "
                                         "reviewer of the municipality approves it.")) % {"place": version.municipality.name})
    now = utcnow()
    previous = active_version(version.municipality_id)
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        # Flush first: only one active version per municipality may exist at any moment.
        db.session.flush()
    existing = {
        n.code: n
        for n in db.session.scalars(select(Neighbourhood).where(Neighbourhood.municipality_id == version.municipality_id))
    }
    for area in version.areas:
        neighbourhood = existing.get(area.code)
        if neighbourhood is None:
            neighbourhood = Neighbourhood(municipality_id=version.municipality_id, code=area.code, name=area.name)
            db.session.add(neighbourhood)
        else:
            neighbourhood.name = area.name
        area.neighbourhood = neighbourhood
    # Neighbourhoods missing from the new set are kept: groups, surveys and results still point at them.
    # Groups keep the version they use; those without one (formed before any boundaries, or by a path
    # without the formation hook while `previous` was active) get the version they have been shown.
    from maps.group_boundaries import link_unlinked_groups

    shown_version_id = previous.id if previous is not None else version.id
    link_unlinked_groups(version.municipality_id, shown_version_id)
    for hook in _approval_hooks:  # e.g. surveys made before any boundaries existed
        hook(version.municipality_id, shown_version_id)
    version.status = VersionStatus.ACTIVE
    version.approved_at = now
    version.approved_by_id = getattr(user, "id", None)
    db.session.add(BoundaryComment(version=version, author_id=getattr(user, "id", None), kind=CommentKind.APPROVED,
                                   body=(body or "").strip()))
    log_event("maps.version_approved", actor=user, target=f"boundary_version:{version.id}",
              details={"number": version.number, "superseded": previous.number if previous else None})
    db.session.commit()
    return version


def history(municipality_id: int) -> list[BoundaryVersion]:
    """All versions of a municipality, newest first."""
    return list(db.session.scalars(
        select(BoundaryVersion).where(BoundaryVersion.municipality_id == municipality_id).order_by(BoundaryVersion.number.desc())
    ))


ADDED, REMOVED, RESHAPED, RENAMED, UNCHANGED = "added", "removed", "reshaped", "renamed", "unchanged"
CHANGE_LABELS = {
    ADDED: _l("Added"),
    REMOVED: _l("Removed"),
    RESHAPED: _l("Reshaped"),
    RENAMED: _l("Renamed"),
    UNCHANGED: _l("Unchanged"),
}
# Below this the difference is rounding in the file, not a redrawn border.
RESHAPE_TOLERANCE_M2 = 1.0


@dataclass
class AreaChange:
    code: str
    change: str
    old_name: str | None = None
    new_name: str | None = None
    old_area_m2: float | None = None
    new_area_m2: float | None = None
    moved_m2: float = 0.0  # land that changed hands: the symmetric difference

    @property
    def name(self) -> str:
        return self.new_name or self.old_name or self.code

    @property
    def area_change_m2(self) -> float:
        return (self.new_area_m2 or 0.0) - (self.old_area_m2 or 0.0)

    @property
    def area_change_pct(self) -> float | None:
        if not self.old_area_m2 or self.new_area_m2 is None:
            return None
        return 100.0 * self.area_change_m2 / self.old_area_m2

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self.change])


@dataclass
class VersionDiff:
    old: BoundaryVersion
    new: BoundaryVersion
    changes: list[AreaChange] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(1 for c in self.changes if c.change == change)

    @property
    def changed(self) -> list[AreaChange]:
        return [c for c in self.changes if c.change != UNCHANGED]


def diff(old: BoundaryVersion, new: BoundaryVersion) -> VersionDiff:
    """What changed from `old` to `new`, matched by code: added, removed, reshaped (with area change), renamed."""
    old_areas = {a.code: a for a in old.areas}
    new_areas = {a.code: a for a in new.areas}
    common = sorted(old_areas.keys() & new_areas.keys())
    moved = {}
    if common:
        shapes = geo.from_geojson_texts([old_areas[c].geometry for c in common] + [new_areas[c].geometry for c in common])
        metric = shapes.to_crs(shapes.estimate_utm_crs())
        before, after = metric.values[: len(common)], metric.values[len(common):]
        moved = dict(zip(common, shapely.area(shapely.symmetric_difference(before, after))))
    result = VersionDiff(old, new)
    for code in sorted(old_areas.keys() | new_areas.keys(), key=lambda c: (new_areas.get(c) or old_areas[c]).name):
        a, b = old_areas.get(code), new_areas.get(code)
        change = AreaChange(code=code, change=UNCHANGED,
                            old_name=a.name if a else None, new_name=b.name if b else None,
                            old_area_m2=a.area_m2 if a else None, new_area_m2=b.area_m2 if b else None)
        if a is None:
            change.change = ADDED
        elif b is None:
            change.change = REMOVED
        else:
            change.moved_m2 = float(moved[code])
            if change.moved_m2 > RESHAPE_TOLERANCE_M2:
                change.change = RESHAPED
            elif a.name != b.name:
                change.change = RENAMED
        result.changes.append(change)
    return result


def previous_version(version: BoundaryVersion) -> BoundaryVersion | None:
    """The version to compare with by default: the one active before, else the one numbered before."""
    return db.session.scalar(
        select(BoundaryVersion)
        .where(BoundaryVersion.municipality_id == version.municipality_id, BoundaryVersion.number < version.number)
        .order_by(BoundaryVersion.status.in_([VersionStatus.ACTIVE, VersionStatus.SUPERSEDED]).desc(),
                  BoundaryVersion.number.desc())
        .limit(1)
    )
