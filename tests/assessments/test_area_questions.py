"""Map questions in area mode: drawing checks, storage, protected hexagon results, XLSForm, the list."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessments import areas, builder, xlsform
from assessments.models import Answer
from assessments.question_types import AnswerError, get_type
from maps.aggregation import polygon_cells
from maps.models import BoundaryArea, BoundaryVersion
from tests.assessments.conftest import answer
from tests.conftest import login

# The group's neighbourhoods get squares of 0.01° side side by side from (-9.2, 38.7).
WEST, SOUTH, SIDE = -9.2, 38.7, 0.01


def _square(x: float, y: float, side: float) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


def _polygon(ring) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def boundaries(db, group):
    version = BoundaryVersion(municipality_id=group.municipality_id, number=1, status="active", source_filename="t.geojson",
                              source_format="geojson", source_crs="EPSG:4326", name_field="name", report=[],
                              area_count=len(group.neighbourhoods))
    db.session.add(version)
    for i, n in enumerate(group.neighbourhoods):
        ring = _square(WEST + i * SIDE, SOUTH, SIDE)
        db.session.add(BoundaryArea(version=version, neighbourhood_id=n.id, code=n.code, name=n.name, area_m2=1e6,
                                    geometry=_polygon(ring), display_geometry=_polygon(ring), min_lng=ring[0][0],
                                    min_lat=SOUTH, max_lng=ring[1][0], max_lat=SOUTH + SIDE))
    db.session.commit()
    return version


@pytest.fixture
def area_survey(db, group, boundaries):
    s = builder.create_survey(group, title={"en": "Where"}, languages=["en", "pt"])
    builder.add_question(s, code="where", type="map", label={"en": "Where do you feel unsafe?"},
                         config={"mode": "area", "max_vertices": 8, "places": [
                             {"value": "park", "lat": SOUTH + 0.005, "lng": WEST + 0.005, "label": {"en": "The park"},
                              "area": {"type": "Polygon", "coordinates": [_square(WEST + 0.002, SOUTH + 0.002, 0.004)]}},
                             {"value": "station", "lat": SOUTH + 0.001, "lng": WEST + 0.001, "label": {"en": "The station"}}]})
    builder.set_status(s, "open")
    return s


def _check(survey, raw):
    question = survey.questions[0]
    return get_type("map").check(question, get_type("map").parse(question, raw))


def test_drawn_areas_are_checked_with_a_clear_message(app, area_survey):
    inside = _polygon(_square(WEST + 0.001, SOUTH + 0.001, 0.003))
    assert _check(area_survey, {"q_where_area": inside}) == {"area": inside.replace(" ", "")}
    cases = {
        "not json at all": "could not be read",
        json.dumps({"type": "Point", "coordinates": [WEST, SOUTH]}): "could not be read",
        json.dumps({"type": "MultiPolygon", "coordinates": [[_square(WEST, SOUTH, .001)], [_square(WEST + .003, SOUTH, .001)]]}):
            "one area only",
        json.dumps({"type": "Polygon", "coordinates": [_square(WEST, SOUTH, .005), _square(WEST + .001, SOUTH + .001, .001)]}):
            "without holes",
        # A bow tie: two edges cross.
        _polygon([[WEST, SOUTH], [WEST + .004, SOUTH + .004], [WEST + .004, SOUTH], [WEST, SOUTH + .004], [WEST, SOUTH]]):
            "cross each other",
        _polygon(_square(-8.5, 39.5, 0.01)): "outside the neighbourhoods",
        _polygon(_square(WEST - 0.5, SOUTH - 0.5, 1.0)): "larger than all the neighbourhoods",
        _polygon([[WEST + i * 0.0005, SOUTH + (0.001 if i % 2 else 0)] for i in range(9)] + [[WEST + .004, SOUTH + .004],
                                                                                           [WEST, SOUTH]]): "at most 8 corners",
        _polygon([[WEST, SOUTH], [WEST + .001, SOUTH], [WEST, SOUTH]]): "at least three corners",
        _polygon([[WEST, SOUTH], [WEST + 200, SOUTH], [WEST, SOUTH + 1], [WEST, SOUTH]]): "not on the map",
    }
    for raw, message in cases.items():
        with pytest.raises(AnswerError, match=message):
            _check(area_survey, {"q_where_area": raw})
    # A feature from the drawing tool is accepted as its geometry.
    feature = json.dumps({"type": "Feature", "properties": {}, "geometry": json.loads(inside)})
    assert _check(area_survey, {"q_where_area": feature})["area"] == inside.replace(" ", "")


def test_a_drawn_area_is_stored_as_geojson_with_its_centroid_and_read_back(app, db, area_survey):
    ring = _square(WEST + 0.001, SOUTH + 0.001, 0.002)
    response_id = answer(area_survey, {"where": {"area": _polygon(ring)}})
    row = db.session.scalar(select(Answer).where(Answer.response_id == response_id))
    stored = json.loads(row.text)
    assert stored["type"] == "Polygon" and len(stored["coordinates"][0]) == 5
    assert row.lat == pytest.approx(SOUTH + 0.002) and row.lng == pytest.approx(WEST + 0.002)
    assert row.option is None
    assert get_type("map").from_rows(area_survey.questions[0], [row]) == {"area": row.text}
    # Choosing a place from the list stores the place, as in point mode.
    place_id = answer(area_survey, {"where": {"place": "park"}})
    place_row = db.session.scalar(select(Answer).where(Answer.response_id == place_id))
    assert place_row.option == "park" and place_row.text is None


def test_results_count_people_per_hexagon_and_never_show_a_drawn_area(app, db, area_survey, client, planner, group):
    question = area_survey.questions[0]
    shared = _square(WEST + 0.001, SOUTH + 0.001, 0.003)
    lonely = _square(WEST + 0.015, SOUTH + 0.004, 0.002)  # drawn by two people only
    for _ in range(7):
        answer(area_survey, {"where": {"area": _polygon(shared)}})
    answer(area_survey, {"where": {"place": "park"}})  # the park's area overlaps the shared one
    for _ in range(2):
        answer(area_survey, {"where": {"area": _polygon(lonely)}})
    counts = areas.area_cells(question, areas.RESOLUTION)
    shared_cells = polygon_cells({"type": "Polygon", "coordinates": [shared]}, areas.RESOLUTION)
    park_cells = polygon_cells({"type": "Polygon", "coordinates": [_square(WEST + 0.002, SOUTH + 0.002, 0.004)]},
                               areas.RESOLUTION)
    lonely_cells = polygon_cells({"type": "Polygon", "coordinates": [lonely]}, areas.RESOLUTION)
    assert shared_cells & park_cells and not lonely_cells & (shared_cells | park_cells)
    for cell in shared_cells & park_cells:
        assert counts[cell] == 8
    for cell in lonely_cells:
        assert counts[cell] == 2
    published = areas.published_cells(question, k=5)
    # The same eight people cover each of these cells: one cell key, one published value, at most 2 off.
    assert len({published[c] for c in shared_cells & park_cells}) == 1
    assert {published[c] for c in shared_cells & park_cells} <= {6, 7, 8, 9, 10}
    # Two people are published as 0 (cell left out) or as 5 to 7, never as 2; no count under 5 is drawn.
    assert all(published.get(c, 0) in {0, 5, 6, 7} for c in lonely_cells)
    assert all(n >= 5 for n in published.values())
    fragment = areas.results_map(question, k=5, neighbourhood_ids=[n.id for n in group.neighbourhoods])
    drawn = fragment.script
    assert "People whose area covers the cell" in fragment.html
    assert not any(f"{n} answers" in drawn for n in range(1, 5))
    rings = _rings(drawn)
    hexagons = [r for r in rings if len(r) == 7]
    assert len(hexagons) == len(published) >= len(shared_cells & park_cells) > 0
    # Besides the hexagons only the neighbourhood outlines are drawn; no ring is anybody's area.
    outlines = [_square(WEST + i * SIDE, SOUTH, SIDE) for i in range(len(group.neighbourhoods))]
    assert all(any(_same_ring(r, o) for o in outlines) for r in rings if len(r) != 7)
    assert not any(_same_ring(r, shared) or _same_ring(r, lonely) for r in rings)
    login(client, planner)
    page = client.get(f"/groups/{group.id}/surveys/{area_survey.id}/results").get_data(as_text=True)
    assert "Map of the areas people drew, counted per hexagon" in page
    assert "2 answers" not in page
    assert not any(_same_ring(r, shared) or _same_ring(r, lonely) for r in _rings(page))


def _rings(text: str) -> list[list]:
    """Every ring drawn: GeoJSON outlines, and the hexagon layer's cells (corners as 1e-5 degree steps)."""
    rings = [json.loads(m)[0] for m in re.findall(r'"coordinates": (\[\[\[.*?\]\]\])', text)]
    for data in re.findall(r"var data = (\{.*?\}), map = ", text):
        for _style, _label, *steps in json.loads(data)["cells"]:
            x = y = 0
            ring = []
            for dx, dy in zip(steps[::2], steps[1::2]):
                x, y = x + dx, y + dy
                ring.append([x / 1e5, y / 1e5])
            rings.append(ring + ring[:1])  # closed, as GeoJSON rings are
    return rings


def _same_ring(ring, other) -> bool:
    return len(ring) == len(other) and all(abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6 for a, b in zip(ring, other))


def test_xlsform_geoshape_round_trip(app, db, area_survey, group):
    data = xlsform.export_xlsform(area_survey)
    sheet = load_workbook(io.BytesIO(data))["survey"]
    header = [c.value for c in sheet[1]]
    types = {row[header.index("name")]: row[header.index("type")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert types["where"] == "geoshape"
    report = xlsform.import_xlsform(data, group)
    imported = next(q for q in report.survey.questions if q.code == "where")
    assert get_type("map").mode(imported) == "area"
    assert [p["value"] for p in imported.config["places"]] == ["park", "station"]
    assert not any("geoshape" in problem for problem in report.problems)


def test_area_question_works_without_javascript_from_the_list(client, db, area_survey, group):
    start = client.post(f"/s/{area_survey.slug}", data={"language": "en", "neighbourhood_id": group.neighbourhoods[0].id})
    assert start.status_code == 302
    form = client.get(start.headers["Location"]).get_data(as_text=True)
    # The drawing tools are there for those who can use them, the list for everyone.
    assert 'name="q_where_area"' in form and 'name="q_where_place"' in form
    assert "vendor/leaflet-draw/leaflet.draw.js" in form and "js/survey-area.js" in form
    assert 'data-area-input="q-where-area"' in form
    assert not re.search(r'\sstyle="', form)
    # A keyboard user picks a place; nothing is drawn; the answer is stored as that place.
    action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    data = {"q_where_place": "station", "q_where_area": ""}
    if token:
        data["csrf_token"] = token.group(1)
    done = client.post(action, data=data)
    assert done.status_code == 302
    # A drawn area outside the neighbourhoods comes back with the message and the drawing kept.
    outside = _polygon(_square(-8.5, 39.5, 0.01))
    back = client.post(action, data={**data, "q_where_place": "", "q_where_area": outside})
    text = back.get_data(as_text=True)
    assert back.status_code == 400 and "outside the neighbourhoods" in text and "-8.5" in text


def test_builder_sets_the_area_mode_and_refuses_a_bad_one(app, db, group):
    s = builder.create_survey(group, title={"en": "Modes"}, languages=["en"])
    with pytest.raises(builder.BuilderError):
        builder.add_question(s, code="where", type="map", label={"en": "Where?"}, config={"mode": "line"})
    question = builder.add_question(s, code="where", type="map", label={"en": "Where?"}, config={"mode": "area"})
    assert get_type("map").mode(question) == "area"
