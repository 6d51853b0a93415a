"""Reading boundary files of every supported format, CRS handling, repair and coverage checks."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import box

from maps.importing import ImportOptions, read_boundaries
from tests.maps import builders
from tests.maps.official import require_official_lisbon_file



def codes(result, severity=None):
    return [i.code for i in result.issues if severity is None or i.severity == severity]


def test_geojson_in_wgs84_is_read_without_questions(tmp_path):
    path = builders.write_geojson(builders.grid(crs="EPSG:4326"), tmp_path / "b.geojson")
    result = read_boundaries(str(path))
    assert result.ok, result.issues
    assert result.file_format == "geojson"
    assert (result.name_field, result.code_field) == ("nome", "codigo")
    assert sorted(result.areas["code"]) == ["B01", "B02", "B03", "B04"]
    assert result.areas.crs.to_epsg() == 4326
    # Each square is 500 m x 500 m: 25 ha, measured in a metric CRS (local UTM) whatever the file's.
    assert result.areas["area_m2"].tolist() == pytest.approx([250_000.0] * 4, rel=2e-3)
    assert "coverage_clean" in codes(result)


def test_the_official_lisbon_parishes_pass_validation():
    result = read_boundaries(str(require_official_lisbon_file()))
    assert result.ok, [i.message for i in result.errors]
    assert len(result.areas) == 24
    assert result.code_field == "freguesia_id"
    assert "Misericórdia" in set(result.areas["name"])


def test_geopackage_asks_for_a_layer_then_reads_the_chosen_one(tmp_path):
    path = builders.write_gpkg({"bairros": builders.grid(), "freguesias": builders.grid(1, 3)}, tmp_path / "b.gpkg")
    first = read_boundaries(str(path))
    assert not first.ok
    assert first.needs == {"layer"}
    assert sorted(first.layers) == ["bairros", "freguesias"]
    chosen = read_boundaries(str(path), options=ImportOptions(layer="freguesias"))
    assert chosen.ok, chosen.issues
    assert len(chosen.areas) == 3
    assert chosen.source_crs.startswith("EPSG:3763")
    assert "reprojected" in codes(chosen)


def test_geopackage_with_an_unknown_layer_is_refused(tmp_path):
    path = builders.write_gpkg({"bairros": builders.grid()}, tmp_path / "b.gpkg")
    result = read_boundaries(str(path), options=ImportOptions(layer="nope"))
    assert "layer_unknown" in codes(result, "error")
    assert result.areas is None


def test_zipped_shapefile_in_a_nested_folder_with_latin1_encoding(tmp_path):
    gdf = builders.grid(1, 2, names=["São Vicente", "Benfica"])
    path = builders.write_zipped_shapefile(gdf, tmp_path / "b.zip", folder="export/limites/", encoding="ISO-8859-1")
    result = read_boundaries(str(path), "limites.zip")
    assert result.ok, result.issues
    assert result.file_format == "shapefile-zip"
    assert result.layer == "export/limites/bairros.shp"
    assert sorted(result.areas["name"]) == ["Benfica", "São Vicente"]


def test_zipped_shapefile_missing_its_dbf_is_explained(tmp_path):
    path = builders.write_zipped_shapefile(builders.grid(), tmp_path / "b.zip", drop=(".dbf",))
    result = read_boundaries(str(path))
    assert "shapefile_incomplete" in codes(result, "error")


def test_zip_with_two_shapefiles_asks_which(tmp_path):
    path = builders.write_zipped_shapefile(builders.grid(), tmp_path / "b.zip")
    other = builders.write_zipped_shapefile(builders.grid(1, 1), tmp_path / "c.zip", stem="outro")
    import zipfile

    with zipfile.ZipFile(other) as source, zipfile.ZipFile(path, "a") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
    result = read_boundaries(str(path))
    assert result.needs == {"layer"}
    assert result.layers == ["bairros.shp", "outro.shp"]
    assert len(read_boundaries(str(path), options=ImportOptions(layer="outro.shp")).areas) == 1


def test_missing_crs_asks_and_suggests_pt_tm06_then_reprojects(tmp_path):
    path = builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "b.zip")
    result = read_boundaries(str(path))
    assert result.needs == {"crs"}
    assert "crs_missing" in codes(result, "error")
    likely = [s["code"] for s in result.crs_suggestions if s["likely"]]
    assert likely[0] == "EPSG:3763"
    assert "EPSG:4326" not in likely  # metre coordinates cannot be degrees

    answered = read_boundaries(str(path), options=ImportOptions(crs="3763"))
    assert answered.ok, answered.issues
    bounds = answered.areas.total_bounds
    assert -9.3 < bounds[0] < bounds[2] < -9.0 and 38.6 < bounds[1] < bounds[3] < 38.9  # Lisbon


def test_geojson_with_projected_numbers_is_not_taken_for_degrees(tmp_path):
    # RFC 7946 GeoJSON has no CRS member, so GDAL reads any numbers as WGS84.
    data = json.loads(builders.grid().to_json())
    data.pop("crs")
    path = tmp_path / "metres.geojson"
    path.write_text(json.dumps(data))
    result = read_boundaries(str(path))
    assert "crs_not_degrees" in codes(result, "error")
    assert result.needs == {"crs"}
    assert read_boundaries(str(path), options=ImportOptions(crs="EPSG:3763")).ok


def test_a_chosen_crs_that_puts_the_data_off_earth_is_refused(tmp_path):
    path = builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "b.zip")
    result = read_boundaries(str(path), options=ImportOptions(crs="EPSG:4326"))
    assert "crs_mismatch" in codes(result, "error")
    assert read_boundaries(str(path), options=ImportOptions(crs="not a crs")).needs == {"crs"}


def test_invalid_geometry_is_repaired_with_a_report_of_what_changed(tmp_path):
    gdf = builders.grid(1, 2)
    gdf = gdf.to_crs(3763)
    gdf.loc[1, "geometry"] = builders.bowtie(builders.ORIGIN_X + 2000)
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    assert result.ok, result.issues
    repaired = [i for i in result.issues if i.code == "geometry_repaired"]
    assert len(repaired) == 1
    params = repaired[0].params
    assert params["name"] == "Bairro 2"
    assert "Self-intersection" in params["reason"]
    assert (params["parts_before"], params["parts_after"]) == (1, 2)
    assert result.areas.is_valid.all()
    # Two triangles of a quarter of the square each: 6.25 ha in total.
    assert result.areas.loc[1, "area_m2"] == pytest.approx(125_000, rel=1e-3)
    assert "multipart" in codes(result)


def test_points_and_empty_geometries_are_errors(tmp_path):
    gdf = builders.grid(1, 2)
    gdf.loc[1, "geometry"] = gdf.loc[1, "geometry"].centroid
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    assert "geometry_not_polygon" in codes(result, "error")
    assert not result.ok


def test_overlaps_and_gaps_above_the_tolerance_are_reported(tmp_path):
    gdf = builders.grid(3, 3)
    x, y = builders.ORIGIN_X, builders.ORIGIN_Y
    # Bairro 1 grows 10 m into Bairro 2 (5,000 m² of overlap); the middle square is removed (a gap).
    gdf.loc[0, "geometry"] = box(x, y, x + 510, y + 500)
    gdf = gdf.drop(index=4).reset_index(drop=True)
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    overlaps = [i.params for i in result.issues if i.code == "overlap"]
    assert overlaps == [{"first": "Bairro 1", "second": "Bairro 2", "square_metres": "5,000"}]
    gaps = [i.params for i in result.issues if i.code == "gap"]
    assert len(gaps) == 1
    assert gaps[0]["square_metres"] == "250,000"
    assert "Bairro 2" in gaps[0]["names"] and "Bairro 8" in gaps[0]["names"]
    # Warnings, not errors: the reviewer decides, the draft may be saved.
    assert result.ok
    # Under a tolerance larger than both, nothing is reported.
    lenient = read_boundaries(str(tmp_path / "b.gpkg"), options=ImportOptions(tolerance_m2=300_000))
    assert "coverage_clean" in codes(lenient)


def test_holes_are_described(tmp_path):
    gdf = builders.grid(1, 1)
    square = gdf.loc[0, "geometry"]
    gdf.loc[0, "geometry"] = square.difference(square.centroid.buffer(50))
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    holes = [i.params for i in result.issues if i.code == "holes"]
    assert holes and holes[0]["holes"] == 1


def test_empty_and_duplicate_names_and_codes_are_errors(tmp_path):
    gdf = builders.grid(1, 3, names=["Alfama", "Alfama", ""], codes=["X1", "X1", "X3"])
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    errors = codes(result, "error")
    assert {"name_empty", "name_duplicate", "code_duplicate"} <= set(errors)
    assert not result.ok


def test_name_field_can_be_chosen_and_codes_made_from_names(tmp_path):
    gdf = builders.grid(1, 2).rename(columns={"nome": "designacao_oficial"}).drop(columns=["codigo"])
    path = builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")
    result = read_boundaries(str(path), options=ImportOptions(name_field="designacao_oficial"))
    assert result.ok, result.issues
    assert result.code_field is None
    assert list(result.areas["code"]) == ["bairro-1", "bairro-2"]
    assert "codes_generated" in codes(result, "warning")
    wrong = read_boundaries(str(path), options=ImportOptions(name_field="missing"))
    assert wrong.needs == {"name_field"}


def test_unreadable_and_unsupported_files_explain_themselves(tmp_path):
    garbage = tmp_path / "x.geojson"
    garbage.write_text("{ not json")
    assert "read_failed" in codes(read_boundaries(str(garbage)), "error")
    csv = tmp_path / "x.csv"
    csv.write_text("a,b\n1,2\n")
    assert "unsupported_format" in codes(read_boundaries(str(csv)), "error")
    broken_zip = tmp_path / "x.zip"
    shutil.copy(csv, broken_zip)
    broken_zip.write_bytes(b"PK\x03\x04broken")
    assert "read_failed" in codes(read_boundaries(str(broken_zip)), "error")


def test_every_issue_reads_as_a_sentence(tmp_path):
    gdf = builders.grid(1, 3, names=["A", "A", ""])
    result = read_boundaries(str(builders.write_gpkg({"b": gdf}, tmp_path / "b.gpkg")))
    for issue in result.issues:
        assert "%(" not in issue.message and issue.message != issue.code
