"""Groups and maps keep the boundary version they were made with when newer boundaries are approved."""
from __future__ import annotations

import pytest
import shapely
from sqlalchemy import select

from maps import rendering
from maps.boundaries import locate_neighbourhood, neighbourhood_feature_collection
from maps.group_boundaries import group_boundaries, group_version_id, link_new_group
from maps.models import GroupBoundaryVersion
from partnership.groups.formation import _formation_hooks, create_group
from tests import factories
from tests.maps import builders


@pytest.fixture
def two_versions(db, municipality):
    """Version 1, then version 2 in which the first neighbourhood is widened 250 m westwards."""
    codes = [n.code for n in municipality.neighbourhoods]
    names = [n.name for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes, names=names))
    return first, codes, names


def _area(version, code):
    return next(a for a in version.areas if a.code == code)


def _reshape(municipality, codes, names):
    return builders.approved(municipality, builders.row(codes, names=names, widen_first_m=250))


def test_maps_registers_its_formation_hook(app):
    assert link_new_group in _formation_hooks


def test_a_group_keeps_its_version_and_a_new_group_gets_the_new_one(db, municipality, planner, two_versions):
    first, codes, names = two_versions
    ids = [_area(first, c).neighbourhood_id for c in codes[:2]]
    old_group = create_group(name="Old", municipality_id=municipality.id, neighbourhood_ids=ids, description="",
                             created_by=planner)
    assert group_version_id(old_group) == first.id
    second = _reshape(municipality, codes, names)
    widened = builders.vertices(_area(second, codes[0])) - builders.vertices(_area(first, codes[0]))
    assert widened, "the reshaped area has corners the old one lacks"

    assert group_version_id(old_group) == first.id
    old_map = rendering.territory_map(ids, municipality_id=municipality.id, version_id=group_version_id(old_group))
    drawn = builders.drawn_vertices(old_map)
    assert builders.vertices(_area(first, codes[0])) <= drawn and not widened & drawn

    new_group = create_group(name="New", municipality_id=municipality.id, neighbourhood_ids=ids, description="",
                             created_by=planner)
    assert group_version_id(new_group) == second.id
    new_map = rendering.territory_map(ids, municipality_id=municipality.id, version_id=group_version_id(new_group))
    assert widened <= builders.drawn_vertices(new_map)
    # Without a version the map follows the active boundaries, as before.
    assert widened <= builders.drawn_vertices(rendering.territory_map(ids, municipality_id=municipality.id))

    state = group_boundaries(old_group)
    assert state.outdated and state.can_switch and (state.version.number, state.active.number) == (1, 2)
    assert not group_boundaries(new_group).outdated


def test_groups_formed_before_boundaries_are_linked_at_the_first_approval(db, municipality, planner):
    before = create_group(name="Early", municipality_id=municipality.id,
                          neighbourhood_ids=[n.id for n in municipality.neighbourhoods[:2]], description="",
                          created_by=planner)
    assert db.session.get(GroupBoundaryVersion, before.id) is None
    codes = [n.code for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes))
    assert group_version_id(before) == first.id
    # A group made without the formation hook while version 1 is active has been shown version 1: it keeps it.
    bypass = factories.security_group(municipality)
    builders.approved(municipality, builders.row(codes, widen_first_m=100))
    assert group_version_id(bypass) == first.id and group_version_id(before) == first.id
    # Another municipality's approvals leave these groups alone.
    other = factories.municipality()
    builders.approved(other, builders.row([n.code for n in other.neighbourhoods]))
    assert db.session.scalar(select(GroupBoundaryVersion.version_id).where(GroupBoundaryVersion.group_id == before.id)) == first.id


def test_locate_neighbourhood_in_a_given_version(db, municipality, two_versions):
    first, codes, names = two_versions
    second = _reshape(municipality, codes, names)
    widened = shapely.from_geojson(_area(second, codes[0]).geometry).difference(
        shapely.from_geojson(_area(first, codes[0]).geometry))
    point = widened.representative_point()
    nid = _area(second, codes[0]).neighbourhood_id
    assert locate_neighbourhood(point.y, point.x) == nid  # active: version 2
    assert locate_neighbourhood(point.y, point.x, version_id=second.id) == nid
    assert locate_neighbourhood(point.y, point.x, version_id=first.id) is None
    inside_both = shapely.from_geojson(_area(first, codes[0]).geometry).representative_point()
    assert locate_neighbourhood(inside_both.y, inside_both.x, version_id=first.id) == nid


def test_results_maps_and_picker_draw_the_version_asked_for(app, db, municipality, two_versions):
    first, codes, names = two_versions
    second = _reshape(municipality, codes, names)
    ids = [_area(second, c).neighbourhood_id for c in codes]
    widened = builders.vertices(_area(second, codes[0])) - builders.vertices(_area(first, codes[0]))
    fragments = {
        "choropleth": lambda v: rendering.choropleth_map({i: 10.0 for i in ids}, legend="x", version_id=v),
        "cells": lambda v: rendering.cell_map([], k=5, neighbourhood_ids=ids, version_id=v),
        "cell counts": lambda v: rendering.cell_count_map({}, k=5, neighbourhood_ids=ids, version_id=v),
        "picker": lambda v: rendering.point_picker(ids, lat_input_id="a", lng_input_id="b", version_id=v),
    }
    for name, make in fragments.items():
        assert not widened & builders.drawn_vertices(make(first.id)), name
        assert widened <= builders.drawn_vertices(make(second.id)), name
        assert widened <= builders.drawn_vertices(make(None)), name  # default: the active version
    features = neighbourhood_feature_collection(ids, version_id=first.id)["features"]
    assert {f["properties"]["version_id"] for f in features} == {first.id}
