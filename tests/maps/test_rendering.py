"""Maps render offline, escape names, suppress small cells and never carry a raw point."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

from maps import rendering
from maps.aggregation import aggregate_points
from maps.boundaries import locate_neighbourhood, neighbourhood_feature_collection
from tests.maps import builders

EXTERNAL_URL = re.compile(r"https?://", re.I)


@pytest.fixture
def areas(db, municipality, reviewer, save_version):
    """An approved 2 x 2 grid in Lisbon; returns {code: neighbourhood id}."""
    version = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    return {a.code: a.neighbourhood_id for a in version.areas}


def centre_of(code_geojson) -> tuple[float, float]:
    point = shapely.from_geojson(json.dumps(code_geojson)).representative_point()
    return point.y, point.x


def test_boundary_map_is_a_div_and_plain_script_without_external_urls(areas):
    fragment = rendering.boundary_map(list(areas.values()), highlight_ids=[areas["B01"]])
    assert 'class="folium-map map-canvas"' in fragment.html and 'role="region"' in fragment.html
    assert "<script" not in fragment.script and "<style" not in fragment.script
    assert "L.map(" in fragment.script and "Bairro 1" in fragment.script
    assert not EXTERNAL_URL.search(fragment.html + fragment.script)
    assert "fitBounds" in fragment.script


def test_area_names_from_files_are_escaped_before_reaching_the_map(db, municipality, reviewer, save_version):
    hostile = '<img src=x onerror="alert(1)">'
    version = save_version(municipality, builders.grid(1, 1, names=[hostile]), reviewer, approve_as=reviewer)
    fragment = rendering.boundary_map([version.areas[0].neighbourhood_id])
    labels = re.findall(r'"label": "((?:[^"\\]|\\.)*)"', fragment.script)
    assert labels, "no label in the map data"
    decoded = json.loads(f'"{labels[0]}"')
    assert decoded == "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"
    assert "<img" not in fragment.script


def test_choropleth_shows_suppressed_areas_as_such_never_as_zero(app, areas):
    values = {areas["B01"]: 12.0, areas["B02"]: 48.0, areas["B03"]: None, areas["B04"]: 30.0}
    fragment = rendering.choropleth_map(values, legend="Feel unsafe after dark (%)", value_format="{:.0f}%")
    assert "Bairro 3: too few answers to show" in fragment.script
    assert "Bairro 3: 0" not in fragment.script
    assert "Bairro 1: 12%" in fragment.script and "Bairro 2: 48%" in fragment.script
    assert "map-swatch-suppressed" in fragment.html
    assert f"fewer than about {app.config['SMALL_CELL_MIN']}" in fragment.html
    assert "Feel unsafe after dark (%)" in fragment.html
    assert "#bdbdbd" in fragment.script  # the suppressed grey, dashed
    assert "12% – " in fragment.html and "– 48%" in fragment.html


def test_choropleth_with_every_area_suppressed_still_renders(areas):
    fragment = rendering.choropleth_map({nid: None for nid in areas.values()}, legend="x")
    assert fragment.script.count("too few answers to show") == 4


def test_choropleth_names_a_merged_area_by_all_its_parts(app, areas):
    merged = "Bairro 1 + Bairro 2"
    values = {areas["B01"]: 40.0, areas["B02"]: 40.0, areas["B03"]: 12.0, areas["B04"]: 30.0}
    fragment = rendering.choropleth_map(values, legend="x", value_format="{:.0f}%",
                                        labels={areas["B01"]: merged, areas["B02"]: merged})
    assert fragment.script.count(f"{merged}: 40%") == 2 and "Bairro 3: 12%" in fragment.script


def test_cell_map_draws_only_cells_with_k_answers_and_no_point(app, areas):
    rng = np.random.default_rng(7)
    # 40 answers in a tight cluster, 3 in another place far away (a cell under k).
    cluster = np.column_stack([38.7300 + rng.normal(0, 0.0002, 40), -9.1500 + rng.normal(0, 0.0002, 40)])
    lonely = np.array([[38.7600, -9.1000]] * 3)
    points = [tuple(p) for p in np.vstack([cluster, lonely])]
    fragment = rendering.cell_map(points, k=5, neighbourhood_ids=list(areas.values()))
    counts = re.findall(r"(\d+) answers", fragment.script)
    assert counts and sum(int(c) for c in counts) <= 40 and "3 answers" not in fragment.script
    for lat, lng in points:
        assert f"{lat:.5f}" not in fragment.script or f"{lng:.5f}" not in fragment.script
    assert "fewer than 5 answers are not shown" in fragment.html


def test_cell_map_never_goes_below_the_configured_minimum(app, areas):
    app.config["SMALL_CELL_MIN"] = 10
    points = [(38.7300, -9.1500)] * 7
    fragment = rendering.cell_map(points, k=2)
    assert "7 answers" not in fragment.script
    assert "fewer than 10 answers" in fragment.html


def test_aggregate_points_counts_and_reports_suppression():
    points = [(38.73, -9.15)] * 6 + [(38.76, -9.10)] * 2 + [(float("nan"), 0.0), (95.0, 0.0)]
    result = aggregate_points(points, k=5)
    assert [(count, len(outline)) for _, count, outline in result.cells] == [(6, 6)]
    assert (result.suppressed_cells, result.suppressed_points, result.invalid_points) == (1, 2, 2)
    with pytest.raises(ValueError):
        aggregate_points(points, k=5, resolution=12)  # finer grids would defeat suppression
    array = np.array([(38.73, -9.15)] * 6)
    assert aggregate_points(array, k=5).cells[0][1] == 6


def test_point_picker_writes_to_the_given_inputs(areas):
    fragment = rendering.point_picker(list(areas.values()), lat_input_id="q7-lat", lng_input_id="q7-lng")
    assert '["q7-lat", "q7-lng"]' in fragment.script
    assert "map.on('click'" in fragment.script
    assert "map-picker" in fragment.html


def test_feature_collection_and_point_lookup(areas):
    collection = neighbourhood_feature_collection([areas["B01"], areas["B02"]])
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in collection["features"]} == {"B01", "B02"}
    feature = collection["features"][0]
    assert feature["id"] == feature["properties"]["neighbourhood_id"]
    lng, lat = feature["geometry"]["coordinates"][0][0]
    assert -9.3 < lng < -9.0 and 38.6 < lat < 38.9
    lat, lng = centre_of(feature["geometry"])
    assert locate_neighbourhood(lat, lng) == feature["id"]
    assert locate_neighbourhood(0.0, 0.0) is None


def test_an_area_name_that_looks_like_a_template_is_shown_as_written(db, municipality, reviewer, save_version):
    """branca compiled every rendered piece of a map as a Jinja template: `{{ 7*7 }}` in a name became 49 (and
    worse expressions would have run on the server). The map shows the name as it was written."""
    version = save_version(municipality, builders.grid(1, 1, names=["Bairro {{ 7*7 }} {% if 1 %}x{% endif %}"]),
                           reviewer, approve_as=reviewer)
    fragment = rendering.boundary_map([version.areas[0].neighbourhood_id])
    assert "Bairro {{ 7*7 }} {% if 1 %}x{% endif %}" in fragment.script
    assert "Bairro 49" not in fragment.script


def test_a_map_compiles_no_template_once_its_classes_have_been_used(areas, monkeypatch):
    import jinja2

    rendering.boundary_map(list(areas.values()), highlight_ids=[areas["B01"]])  # each element class compiles once
    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    fragment = rendering.boundary_map(list(areas.values()), highlight_ids=[areas["B01"]])
    assert "L.map(" in fragment.script and "Bairro 1" in fragment.script
    assert compiled == []


def test_many_cells_travel_compactly_and_keep_their_outlines(app, areas):
    """5,000 hexagons once took 1.4 MB of GeoJSON; corners now go as 1e-5 degree steps, one style per colour."""
    import h3

    centre = h3.latlng_to_cell(38.73, -9.15, 9)
    counts = {cell: 5 + i % 40 for i, cell in enumerate(sorted(h3.grid_disk(centre, 12)))}
    fragment = rendering.cell_count_map(counts, k=5)
    data = json.loads(re.search(r"var data = (\{.*?\}), map = ", fragment.script).group(1))
    assert len(data["cells"]) == len(counts)
    assert len(fragment.script) / len(counts) < 120  # bytes per cell, everything included
    style, label, *steps = data["cells"][0]
    first = sorted(counts)[0]
    assert label == f"{counts[first]} answers" and data["styles"][style]["fillColor"] in rendering.PALETTE
    corners, x, y = [], 0, 0
    for dx, dy in zip(steps[::2], steps[1::2]):
        x, y = x + dx, y + dy
        corners.append((y / 1e5, x / 1e5))
    for (lat, lng), (want_lat, want_lng) in zip(corners, h3.cell_to_boundary(first)):
        assert abs(lat - want_lat) <= 6e-6 and abs(lng - want_lng) <= 6e-6
