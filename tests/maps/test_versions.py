"""Drafts, review, approval rules, neighbourhood records, history and the diff between versions."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box
from sqlalchemy import select

from maps.importing import read_boundaries
from maps.models import BoundaryVersion, CommentKind, VersionStatus
from maps.versions import (
    BoundaryActionError,
    active_version,
    add_comment,
    approve,
    create_draft,
    diff,
    history,
    request_changes,
)
from partnership.audit.models import AuditEvent
from partnership.auth.roles import Role
from partnership.neighbourhoods.models import Neighbourhood
from tests import factories
from tests.maps import builders


def test_a_draft_stores_areas_and_report_and_numbers_versions(db, municipality, reviewer, save_version):
    first = save_version(municipality, builders.grid(), reviewer)
    second = save_version(municipality, builders.grid(1, 2), reviewer)
    assert (first.number, second.number) == (1, 2)
    assert first.status == VersionStatus.DRAFT and first.created_by_id == reviewer.id
    assert first.area_count == 4 and {a.code for a in first.areas} == {"B01", "B02", "B03", "B04"}
    assert all(a.neighbourhood_id is None for a in first.areas)  # nothing reaches the app before approval
    assert any(r["code"] == "reprojected" for r in first.report)
    assert first.source_crs.startswith("EPSG:3763")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "maps.version_imported")) is not None


def test_a_file_with_errors_cannot_be_saved(db, municipality, reviewer, tmp_path):
    gdf = builders.grid(1, 2, names=["Same", "Same"])
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "bad.gpkg")))
    with pytest.raises(BoundaryActionError):
        create_draft(result, municipality, reviewer)
    assert db.session.scalars(select(BoundaryVersion)).all() == []


def test_approval_activates_and_creates_neighbourhoods_by_code(db, municipality, reviewer, save_version):
    existing = set(db.session.scalars(select(Neighbourhood.code).where(Neighbourhood.municipality_id == municipality.id)))
    version = save_version(municipality, builders.grid(), reviewer)
    approve(version, reviewer, "Matches the municipal register.")
    assert version.status == VersionStatus.ACTIVE and version.approved_by_id == reviewer.id
    assert active_version(municipality.id).id == version.id
    codes = set(db.session.scalars(select(Neighbourhood.code).where(Neighbourhood.municipality_id == municipality.id)))
    assert codes == existing | {"B01", "B02", "B03", "B04"}
    assert all(a.neighbourhood is not None and a.neighbourhood.name == a.name for a in version.areas)
    assert version.comments[-1].kind == CommentKind.APPROVED


def test_a_second_approval_supersedes_keeps_ids_and_renames(db, municipality, reviewer, group, save_version):
    first = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    ids = {a.code: a.neighbourhood_id for a in first.areas}
    # B04 is renamed, B03 disappears from the new set.
    gdf = builders.grid(names=["Bairro 1", "Bairro 2", "Bairro 3", "Nova Esperança"]).drop(index=2)
    second = save_version(municipality, gdf, reviewer, approve_as=reviewer)
    db.session.refresh(first)
    assert first.status == VersionStatus.SUPERSEDED and first.superseded_at is not None
    assert {a.code: a.neighbourhood_id for a in second.areas} == {c: ids[c] for c in ("B01", "B02", "B04")}
    assert db.session.get(Neighbourhood, ids["B04"]).name == "Nova Esperança"
    # The removed area's neighbourhood stays: groups, surveys and results may point at it.
    assert db.session.get(Neighbourhood, ids["B03"]) is not None
    # The first version still holds its own shapes for whatever was made with it.
    assert {a.code for a in first.areas} == {"B01", "B02", "B03", "B04"}
    assert [v.number for v in history(municipality.id)] == [2, 1]


def test_only_reviewers_of_the_municipality_may_act(db, municipality, reviewer, planner, save_version):
    version = save_version(municipality, builders.grid(), reviewer)
    stranger = factories.user(role=Role.REVIEWER, municipality=factories.municipality())
    admin = factories.user(role=Role.ADMIN)
    for user in (stranger, planner, admin):
        with pytest.raises(BoundaryActionError):
            approve(version, user)
        with pytest.raises(BoundaryActionError):
            add_comment(version, user, "hello")
        with pytest.raises(BoundaryActionError):
            request_changes(version, user, "redo")
    db.session.refresh(version)
    assert version.status == VersionStatus.DRAFT and version.comments == []


def test_changes_requested_closes_the_draft_for_approval(db, municipality, reviewer, save_version):
    version = save_version(municipality, builders.grid(), reviewer)
    with pytest.raises(BoundaryActionError):
        request_changes(version, reviewer, "   ")  # a reason is required
    add_comment(version, reviewer, "Bairro 3 looks too small.")
    request_changes(version, reviewer, "Bairro 3 must include the market.")
    assert version.status == VersionStatus.CHANGES_REQUESTED
    with pytest.raises(BoundaryActionError):
        approve(version, reviewer)
    assert [c.kind for c in version.comments] == [CommentKind.COMMENT, CommentKind.CHANGES_REQUESTED]
    assert active_version(municipality.id) is None


def test_an_approved_version_cannot_be_approved_again(db, municipality, reviewer, save_version):
    version = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    with pytest.raises(BoundaryActionError):
        approve(version, reviewer)


def test_diff_reports_added_removed_reshaped_and_renamed_with_area_change(db, municipality, reviewer, save_version):
    old = save_version(municipality, builders.grid(), reviewer)
    gdf = builders.grid(names=["Bairro 1", "Bairro Dois", "Bairro 3", "Bairro 4"])
    x, y = builders.ORIGIN_X, builders.ORIGIN_Y
    gdf = gdf.to_crs(3763)
    gdf.loc[0, "geometry"] = box(x, y, x + 400, y + 500)  # B01 loses 100 m x 500 m = 5 ha
    gdf = gdf.drop(index=3)  # B04 removed
    added = gpd.GeoDataFrame({"nome": ["Bairro 9"], "codigo": ["B09"]},
                             geometry=[box(x + 1000, y, x + 1500, y + 500)], crs=3763)
    gdf = pd.concat([gdf, added], ignore_index=True)  # B09 added
    new = save_version(municipality, gdf, reviewer)
    result = diff(old, new)
    by_code = {c.code: c for c in result.changes}
    assert {c: by_code[c].change for c in by_code} == {
        "B01": "reshaped", "B02": "renamed", "B03": "unchanged", "B04": "removed", "B09": "added"}
    assert by_code["B01"].area_change_m2 == pytest.approx(-50_000, rel=1e-3)
    assert by_code["B01"].area_change_pct == pytest.approx(-20, rel=1e-2)
    assert by_code["B01"].moved_m2 == pytest.approx(50_000, rel=1e-3)
    assert (by_code["B02"].old_name, by_code["B02"].new_name) == ("Bairro 2", "Bairro Dois")
    assert result.count("unchanged") == 1 and len(result.changed) == 4
