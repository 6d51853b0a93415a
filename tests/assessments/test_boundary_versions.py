"""A survey keeps the boundary version active when it was made: answering maps, area checks and results maps."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import shapely

from assessments import builder
from assessments.question_types import AnswerError, get_type
from tests.assessments.conftest import answer
from tests.conftest import login
from tests.maps import builders


@pytest.fixture
def boundaries(db, group, municipality):
    """Version 1, active when the old survey is made; `reshape()` approves version 2 (first neighbourhood widened)."""
    codes = [n.code for n in municipality.neighbourhoods]
    names = [n.name for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes, names=names))

    def area(version):
        return next(a for a in version.areas if a.code == codes[0])

    def reshape():
        second = builders.approved(municipality, builders.row(codes, names=names, widen_first_m=250))
        strip = shapely.from_geojson(area(second).geometry).difference(shapely.from_geojson(area(first).geometry))
        widened = builders.vertices(area(second)) - builders.vertices(area(first))
        return SimpleNamespace(first=first, second=second, strip=strip, widened=widened)

    return SimpleNamespace(first=first, reshape=reshape)


def _survey(group, title: str):
    survey = builder.create_survey(group, title={"en": title}, languages=["en"])
    builder.add_question(survey, code="feel", type="single", label={"en": "How do you feel?"},
                         config={"options": [{"value": "safe", "label": {"en": "Safe"}},
                                             {"value": "unsafe", "label": {"en": "Unsafe"}}]})
    builder.add_question(survey, code="where", type="map", label={"en": "Where?"}, config={"mode": "point"})
    builder.add_question(survey, code="zone", type="map", label={"en": "Which area?"}, config={"mode": "area"})
    builder.set_status(survey, "open")
    return survey


def _drawn(html: str) -> set:
    return builders.drawn_vertices(SimpleNamespace(script=html))


def _inside(strip) -> str:
    """A small polygon wholly inside the strip that only the new version covers."""
    core = strip.buffer(-0.0003)
    return json.dumps(shapely.geometry.mapping(shapely.geometry.box(*core.bounds)))


def test_a_survey_records_the_active_version_and_its_new_versions_keep_it(db, group, boundaries):
    survey = _survey(group, "Old")
    assert survey.boundary_version_id == boundaries.first.id
    state = boundaries.reshape()
    copy = builder.new_version(survey)
    assert copy.boundary_version_id == boundaries.first.id
    assert _survey(group, "New").boundary_version_id == state.second.id


def test_a_survey_made_before_any_boundaries_has_none(db, group):
    assert _survey(group, "Early").boundary_version_id is None


def test_the_answering_page_draws_the_survey_version(client, db, group, boundaries):
    old = _survey(group, "Old")
    state = boundaries.reshape()
    new = _survey(group, "New")
    for survey, shows_widened in ((old, False), (new, True)):
        client.post(f"/s/{survey.slug}", data={"language": "en", "neighbourhood_id": "none"})
        page = client.get(f"/s/{survey.slug}/p/1").get_data(as_text=True)
        assert "map-picker" in page  # the point picker and the area map are both on the page
        drawn = _drawn(page)
        assert (state.widened <= drawn) is shows_widened and bool(state.widened & drawn) is shows_widened, survey.title


def test_drawn_areas_are_checked_against_the_survey_version(app, db, group, boundaries):
    old = _survey(group, "Old")
    state = boundaries.reshape()
    new = _survey(group, "New")
    polygon = _inside(state.strip)
    zone = get_type("map")
    with pytest.raises(AnswerError, match="outside the neighbourhoods"):
        zone.check(old.questions[2], {"area": polygon})
    assert zone.check(new.questions[2], {"area": polygon})["area"]


def test_results_maps_stay_on_the_survey_version_and_name_it(client, db, group, planner, boundaries):
    old = _survey(group, "Old")
    first_nid = group.neighbourhoods[0].id
    for i in range(6):
        answer(old, {"feel": "safe" if i % 2 else "unsafe", "where": {"lat": 38.73, "lng": -9.14}},
               neighbourhood_id=first_nid)
    state = boundaries.reshape()
    login(client, planner)
    page = client.get(f"/groups/{group.id}/surveys/{old.id}/results").get_data(as_text=True)
    assert "By neighbourhood on the map" in page
    assert "These maps use boundary version 1 of" in page and "approved on" in page
    assert "Newer boundaries have been approved since" in page
    drawn = _drawn(page)
    assert builders.vertices(next(a for a in state.first.areas if a.neighbourhood_id == first_nid)) <= drawn
    assert not state.widened & drawn

    new = _survey(group, "New")
    for i in range(6):
        answer(new, {"feel": "safe", "where": {"lat": 38.73, "lng": -9.14}}, neighbourhood_id=first_nid)
    page = client.get(f"/groups/{group.id}/surveys/{new.id}/results").get_data(as_text=True)
    assert "These maps use boundary version 2 of" in page and "Newer boundaries" not in page
    assert state.widened <= _drawn(page)


def test_a_survey_made_before_any_boundaries_is_pinned_when_they_are_first_approved(db, group, municipality):
    early = _survey(group, "Before boundaries")
    assert early.boundary_version_id is None
    codes = [n.code for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes, names=[n.name for n in municipality.neighbourhoods]))
    db.session.refresh(early)
    assert early.boundary_version_id == first.id
    # A later approval leaves it on the boundaries it was first shown with.
    builders.approved(municipality, builders.row(codes, widen_first_m=250))
    db.session.refresh(early)
    assert early.boundary_version_id == first.id
