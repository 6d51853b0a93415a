"""The opt-in repair of small gaps and overlaps between neighbours: in the import, the preview and the CLI."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import select

from maps.cleaning import MAX_AREA_CHANGE, repair_coverage
from maps.geometry import from_geojson_texts
from maps.importing import ImportOptions, read_boundaries
from maps.models import BoundaryVersion
from tests.conftest import login
from tests.maps import builders
from tests.maps.test_views import upload


def codes(result, severity=None):
    return [i.code for i in result.issues if severity is None or i.severity == severity]


def assert_clean_coverage(geoms: gpd.GeoSeries):
    """No two areas share more than a square metre, and the union has no hole."""
    metric = geoms.to_crs("EPSG:3763")
    assert shapely.intersection(metric.values[0], metric.values[1]).area < 1.0
    assert all(len(p.interiors) == 0 for p in shapely.get_parts(shapely.union_all(metric.values)))


@pytest.fixture
def slivered(tmp_path):
    return builders.write_gpkg({"bairros": builders.slivered_pair()}, tmp_path / "slivers.gpkg")


@pytest.fixture
def wide_gap(tmp_path):
    # A 20 m x 200 m gap is 4,000 m², 1.6% of a square: a real difference, not a sliver.
    gdf = builders.slivered_pair(gap_width=20, gap_length=200, overlap=0)
    return builders.write_gpkg({"bairros": gdf}, tmp_path / "wide.gpkg")


def test_a_2_m_gap_and_a_1_m_overlap_are_found_and_left_alone_unless_asked(slivered):
    result = read_boundaries(str(slivered))
    assert result.ok and result.coverage_problems and result.repair is None
    assert {"overlap", "gap"} <= set(codes(result, "warning"))
    assert "coverage_repaired" not in codes(result)


def test_repair_up_to_5_m_closes_both_and_reports_each_area(slivered):
    result = read_boundaries(str(slivered), options=ImportOptions(repair_gap_m=5))
    assert result.ok, [i.message for i in result.errors]
    repair = result.repair
    assert repair.applied and (repair.gaps_closed, repair.overlaps_closed) == (1, 1)
    by_name = {c.name: c for c in repair.changes}
    # Leste gave back the 100 m² it overlapped and took the 200 m² gap: net +100 m² of 249,900.
    assert by_name["Leste"].change_m2 == pytest.approx(100, abs=0.5)
    assert by_name["Leste"].percent == pytest.approx(100 * 100 / 249_900, abs=1e-3)
    assert (by_name["Leste"].gaps_closed, by_name["Leste"].overlaps_closed) == (1, 1)
    assert abs(by_name.get("Oeste").change_m2) < 0.5
    # The fresh check runs on the result: clean, and the saved shapes (WGS84) are clean too.
    assert "coverage_clean" in codes(result) and not {"overlap", "gap"} & set(codes(result))
    assert not repair.remaining
    assert_clean_coverage(result.metric)
    assert_clean_coverage(result.areas.geometry)
    repaired = next(i for i in result.issues if i.code == "coverage_repaired")
    assert repaired.params["width"] == "5" and "were repaired" in repaired.message
    lines = [i.message for i in result.issues if i.code == "area_repaired"]
    assert any("Leste" in line and "+100 m²" in line and "+0.040%" in line for line in lines), lines


def test_a_file_in_degrees_is_repaired_in_metres_of_its_utm_zone(tmp_path):
    path = builders.write_geojson(builders.slivered_pair(crs="EPSG:4326"), tmp_path / "slivers.geojson")
    result = read_boundaries(str(path), options=ImportOptions(repair_gap_m=5))
    assert result.metric_crs.startswith("EPSG:32629")  # WGS 84 / UTM zone 29N, from the data's centroid
    assert result.repair.applied and (result.repair.gaps_closed, result.repair.overlaps_closed) == (1, 1)
    assert "coverage_clean" in codes(result)
    assert_clean_coverage(result.areas.geometry)
    too_narrow = read_boundaries(str(path), options=ImportOptions(repair_gap_m=1.5))
    assert too_narrow.repair.gaps_closed == 0  # the width is metres, not degrees


def test_a_width_narrower_than_the_gap_resolves_the_overlap_and_says_what_remains(slivered):
    result = read_boundaries(str(slivered), options=ImportOptions(repair_gap_m=1.5))
    assert result.repair.applied and (result.repair.gaps_closed, result.repair.overlaps_closed) == (0, 1)
    assert "coverage_repair_remaining" in codes(result, "warning")
    assert "gap" in codes(result, "warning") and "overlap" not in codes(result)


def test_a_width_that_reshapes_an_area_is_refused_and_nothing_changes(wide_gap):
    narrow = read_boundaries(str(wide_gap), options=ImportOptions(repair_gap_m=5))
    assert narrow.ok and "coverage_repair_remaining" in codes(narrow)  # 20 m is wider than 5 m: left as it is
    wide = read_boundaries(str(wide_gap), options=ImportOptions(repair_gap_m=30))
    assert not wide.ok and "coverage_repair_refused" in codes(wide, "error")
    assert not wide.repair.applied
    assert wide.repair.refused[0].name == "Leste" and wide.repair.refused[0].share > MAX_AREA_CHANGE
    assert "gap" in codes(wide)  # the areas are still those of the file
    assert shapely.get_parts(shapely.union_all(wide.metric.values))[0].interiors


def test_a_width_out_of_range_is_refused(slivered):
    result = read_boundaries(str(slivered), options=ImportOptions(repair_gap_m=60))
    assert not result.ok and "coverage_repair_width" in codes(result, "error")
    with pytest.raises(ValueError):
        repair_coverage(result.metric, ["a", "b"], 0, 1.0)


def test_a_file_without_problems_is_not_repaired(tmp_path):
    path = builders.write_gpkg({"b": builders.grid()}, tmp_path / "grid.gpkg")
    result = read_boundaries(str(path), options=ImportOptions(repair_gap_m=5))
    assert result.ok and not result.coverage_problems and result.repair is None
    assert "coverage_repair_not_needed" in codes(result)


def test_missing_geometries_keep_their_place():
    # shapely's coverage_clean moves a missing value to the end; the repair must not shift areas.
    pair = builders.slivered_pair()
    metric = gpd.GeoSeries([pair.geometry[0], None, pair.geometry[1]], crs="EPSG:3763")
    repair = repair_coverage(metric, ["Oeste", "-", "Leste"], 5, 1.0)
    assert repair.metric.values[1] is None
    assert repair.metric.values[0].equals(pair.geometry[0])
    assert repair.metric.values[2].area == pytest.approx(250_000, abs=1)


def test_reviewer_repairs_in_the_preview_sees_the_changes_and_the_version_says_so(client, db, municipality, reviewer, slivered):
    login(client, reviewer)
    preview_url = upload(client, municipality, slivered, "bairros.gpkg").headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "Repair gaps and overlaps up to" in page and 'value="repair"' in page
    assert "Areas Oeste and Leste overlap by 100 m²" in page

    refused = client.post(preview_url, data={"action": "repair", "repair_gap_m": "500"})
    assert refused.status_code == 400
    assert "Choose a width between 0.1 and 50 m" in refused.get_data(as_text=True)
    assert "What the repair changed" not in refused.get_data(as_text=True)

    response = client.post(preview_url, data={"action": "repair", "repair_gap_m": "5"})
    assert response.status_code == 302
    page = client.get(preview_url).get_data(as_text=True)
    assert "What the repair changed, per area" in page
    assert "finds no gaps or overlaps left" in page
    assert "+100" in page and "+0.040" in page
    assert 'value="unrepair"' in page and 'value="save"' in page
    assert db.session.scalars(select(BoundaryVersion)).all() == []  # a preview stores nothing

    assert client.post(preview_url, data={"action": "save"}).status_code == 302
    version = db.session.scalars(select(BoundaryVersion)).one()
    assert version.source_filename == "bairros.gpkg"
    repaired = next(r for r in version.report if r["code"] == "coverage_repaired")
    assert repaired["params"]["width"] == "5"
    assert any(r["code"] == "area_repaired" and r["params"]["name"] == "Leste" for r in version.report)
    stored = sorted(version.areas, key=lambda a: a.code)
    assert_clean_coverage(from_geojson_texts([a.geometry for a in stored]))
    history = client.get(f"/maps/versions/{version.id}").get_data(as_text=True)
    assert "Gaps and overlaps up to 5 m wide were repaired" in history


def test_reviewer_can_undo_the_repair_and_a_reshaping_width_blocks_saving(client, db, municipality, reviewer, wide_gap):
    login(client, reviewer)
    preview_url = upload(client, municipality, wide_gap, "wide.gpkg").headers["Location"]
    client.post(preview_url, data={"action": "repair", "repair_gap_m": "30"})
    page = client.get(preview_url).get_data(as_text=True)
    assert "was refused" in page and "too large" in page
    assert 'value="save"' not in page
    client.post(preview_url, data={"action": "unrepair"})
    page = client.get(preview_url).get_data(as_text=True)
    assert "was refused" not in page and 'value="save"' in page and "Gap of 4,000 m²" in page


def test_a_clean_file_does_not_offer_the_repair(client, municipality, reviewer, tmp_path):
    login(client, reviewer)
    path = builders.write_gpkg({"b": builders.grid()}, tmp_path / "grid.gpkg")
    page = client.get(upload(client, municipality, path, "grid.gpkg").headers["Location"]).get_data(as_text=True)
    assert "No overlaps or gaps above" in page
    assert "Repair gaps and overlaps up to" not in page and 'value="repair"' not in page


def test_cli_repair_gaps_option_behaves_like_the_preview(runner, db, municipality, slivered, wide_gap):
    base = ["maps", "import-boundaries", "--municipality", municipality.code]
    out_of_range = runner.invoke(args=[*base, str(slivered), "--repair-gaps", "60"])
    assert out_of_range.exit_code == 2 and "--repair-gaps" in out_of_range.output and "0.1<=x<=50" in out_of_range.output
    refused = runner.invoke(args=[*base, str(wide_gap), "--repair-gaps", "30"])
    assert refused.exit_code != 0 and "was not applied" in refused.output and "Nothing was saved" in refused.output
    assert db.session.scalars(select(BoundaryVersion)).all() == []

    done = runner.invoke(args=[*base, str(slivered), "--repair-gaps", "5"])
    assert done.exit_code == 0, done.output
    assert "Gaps and overlaps up to 5 m wide were repaired" in done.output
    assert "Area Leste after the repair" in done.output and "No overlaps or gaps above 1 m²" in done.output
    version = db.session.scalars(select(BoundaryVersion)).one()
    assert any(r["code"] == "coverage_repaired" for r in version.report)
