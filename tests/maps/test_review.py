"""A reviewer's checks: missing areas and large overlaps are problems to resolve, an identical file says so,
the preview map marks overlaps and gaps, and a municipality may ask for a second reviewer."""
from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from maps import review
from maps.importing import read_boundaries
from maps.rendering import preview_map
from maps.versions import BoundaryActionError, approve, create_draft
from partnership.auth.roles import Role
from tests import factories
from tests.conftest import login
from tests.maps import builders
from tests.maps.builders import ORIGIN_X, ORIGIN_Y, SIZE


def _read(gdf, tmp_path, name="file.gpkg"):
    return read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / name)))


def _codes(result, severity=None):
    return [i.code for i in result.issues if severity is None or i.severity == severity]


def test_an_area_of_the_active_version_missing_from_the_file_is_a_problem(db, municipality, tmp_path):
    builders.approved(municipality, builders.row(["A", "B", "C"]))
    result = _read(builders.row(["A", "B"]), tmp_path)
    review.check_against_municipality(result, municipality.id)
    assert "area_missing" in _codes(result, "error") and not result.ok
    message = next(i.message for i in result.issues if i.code == "area_missing")
    assert "Bairro C (code C) of the active version 1 is missing" in message
    # Checking again (a cached result) adds nothing twice; saying it is on purpose makes it a note.
    review.check_against_municipality(result, municipality.id)
    assert _codes(result).count("area_missing") == 1
    review.check_against_municipality(result, municipality.id, removals_confirmed=True)
    assert "area_removed" in _codes(result, "warning") and result.ok


def test_a_large_overlap_is_a_problem_and_a_sliver_is_a_note(db, municipality, tmp_path):
    def pair(overlap_m):
        west = box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + SIZE + overlap_m, ORIGIN_Y + SIZE)
        east = box(ORIGIN_X + SIZE, ORIGIN_Y, ORIGIN_X + 2 * SIZE, ORIGIN_Y + SIZE)
        return gpd.GeoDataFrame({"nome": ["Oeste", "Leste"], "codigo": ["W", "E"]}, geometry=[west, east], crs="EPSG:3763")

    big = _read(pair(200.0), tmp_path, "big.gpkg")  # 200 m x 500 m = 10 ha claimed by both
    review.check_against_municipality(big, municipality.id)
    assert "overlap_large" in _codes(big, "error") and not big.ok
    assert "overlap by 10.0 ha" in next(i.message for i in big.issues if i.code == "overlap_large")
    sliver = _read(pair(0.5), tmp_path, "sliver.gpkg")  # 250 m², a drawing error
    review.check_against_municipality(sliver, municipality.id)
    assert "overlap_large" not in _codes(sliver) and "overlap" in _codes(sliver, "warning")


def test_reimporting_an_identical_file_says_which_version_it_matches(db, municipality, tmp_path):
    gdf = builders.row(["A", "B"])
    builders.approved(municipality, gdf)
    builders.approved(municipality, builders.row(["A", "B"], widen_first_m=50))
    again = _read(gdf, tmp_path)
    review.check_against_municipality(again, municipality.id)
    assert "This file is identical to version 1" in next(i.message for i in again.issues if i.code == "identical")
    changed = _read(builders.row(["A", "B"], widen_first_m=80), tmp_path, "changed.gpkg")
    review.check_against_municipality(changed, municipality.id)
    assert "identical" not in _codes(changed)


def test_the_preview_map_marks_overlaps_and_gaps(tmp_path):
    result = _read(builders.slivered_pair(gap_width=2.0, overlap=1.0), tmp_path)
    fragment = preview_map(result)
    assert "Overlap of Oeste and Leste" in fragment.script or "Overlap of Leste and Oeste" in fragment.script
    assert "Gap between Leste, Oeste" in fragment.script
    assert "map-swatch-overlap" in fragment.html + (fragment.legend_html if hasattr(fragment, "legend_html") else "")


def test_the_second_reviewer_rule_stops_self_approval(client, db, municipality, reviewer, tmp_path):
    colleague = factories.user(role=Role.REVIEWER, email="colleague@test.example", municipality=municipality)
    result = _read(builders.row(["A", "B"]), tmp_path)
    draft = create_draft(result, municipality, reviewer)
    login(client, reviewer)
    client.post(f"/maps/municipalities/{municipality.id}/review-rule", data={"second_reviewer": "y"})
    assert review.second_reviewer_required(municipality.id)
    page = client.get(f"/maps/versions/{draft.id}").get_data(as_text=True)
    assert "asks for a second reviewer" in page and "Approve and make active" not in page  # the page matches the rule
    with pytest.raises(BoundaryActionError, match="second reviewer"):
        approve(draft, reviewer)
    assert client.post(f"/maps/versions/{draft.id}/approve").status_code == 302
    db.session.refresh(draft)
    assert draft.status == "draft"
    approve(draft, colleague)
    assert draft.status == "active"


def test_discarding_an_upload_asks_first(client, db, municipality, reviewer, tmp_path):
    from maps import staging

    login(client, reviewer)
    path = builders.write_gpkg({"b": builders.row(["A"])}, tmp_path / "one.gpkg")
    with open(path, "rb") as stream:
        response = client.post(f"/maps/municipalities/{municipality.id}/import",
                               data={"file": (stream, "one.gpkg")}, content_type="multipart/form-data")
    preview = response.headers["Location"]
    token = preview.rsplit("/", 1)[1]
    asked = client.post(preview, data={"action": "cancel"})
    assert "Discard the upload of one.gpkg?" in asked.get_data(as_text=True)
    assert staging.load(token) is not None  # still there
    client.post(preview, data={"action": "cancel", "confirmed": "1"})
    assert staging.load(token) is None
