"""Finding 8: input never causes a server error (500); each case from the review, replayed."""
from __future__ import annotations

import io

import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from sqlalchemy import select

from tests.conftest import login
from tests.maps import builders

HUGE = "9223372036854775808"  # 2^63: overflows SQLite's integer
BIG = "3000000000"  # past 2^31: overflows PostgreSQL's integer
TWENTY_DIGITS = "9" * 20


@pytest.mark.parametrize("number", [HUGE, BIG, TWENTY_DIGITS])
def test_huge_ids_in_paths_are_not_found(client, db, planner, group, number):
    # Unauthenticated first: the API answered 500 before even asking for a token.
    assert client.get(f"/api/v1/surveys/{number}").status_code in (401, 404)
    login(client, planner)
    for path in (f"/api/v1/surveys/{number}", f"/groups/{number}", f"/groups/{group.id}/meetings/{number}",
                 f"/admin/users/{number}", f"/maps/versions/{number}"):
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)


@pytest.mark.parametrize("number", [HUGE, BIG])
def test_huge_ids_in_queries_are_ignored_like_other_bad_numbers(client, db, planner, reviewer, group, number):
    login(client, planner)
    assert client.get(f"/groups/{group.id}/decisions/new?meeting_id={number}").status_code < 500
    assert client.get(f"/api/v1/areas?municipality_id={number}&version_id={number}").status_code < 500
    assert client.get(f"/admin/audit/?page={number}").status_code < 500
    client.post("/auth/logout")
    login(client, reviewer)
    assert client.get(f"/maps/municipalities/{group.municipality_id}?with={number}").status_code < 500


@pytest.mark.parametrize("value", ["²", TWENTY_DIGITS, "-3", "1e3"])
def test_sample_targets_that_are_not_reasonable_numbers_are_refused_clearly(client, db, planner, group, value):
    from assessments import builder

    survey = builder.create_survey(group, title={"en": "Targets"}, languages=["en"], modules=["safety"])
    login(client, planner)
    neighbourhood = group.neighbourhoods[0]
    response = client.post(f"/groups/{group.id}/surveys/{survey.id}/targets",
                           data={f"target_{neighbourhood.id}_all": value}, follow_redirects=True)
    assert response.status_code == 200
    assert "whole numbers" in response.get_data(as_text=True)


def test_vote_counts_of_twenty_digits_are_refused_clearly(client, db, planner, group):
    from tests.groups.builders import sample_meeting
    from tests.test_access_matrix import World

    meeting = sample_meeting(World(group=group, users={}))
    login(client, planner)
    response = client.post(f"/groups/{group.id}/decisions/new", data={
        "meeting_id": meeting.id, "title": "Lighting", "text": "More street lights", "outcome": "adopted",
        "method": "vote", "votes_for": TWENTY_DIGITS, "votes_against": "0", "votes_abstain": "0"})
    assert response.status_code in (200, 400)
    assert "Vote counts must be whole numbers from 0 to 10000" in response.get_data(as_text=True)


def upload(client, municipality, path, name):
    with open(path, "rb") as handle:
        data = {"file": (io.BytesIO(handle.read()), name)}
    response = client.post(f"/maps/municipalities/{municipality.id}/import", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def test_boundary_preview_of_a_points_only_file(client, db, municipality, reviewer, tmp_path):
    points = gpd.GeoDataFrame({"nome": ["A", "B"], "codigo": ["A", "B"]},
                              geometry=[Point(-88000, -104000), Point(-87000, -103000)], crs="EPSG:3763")
    login(client, reviewer)
    preview = upload(client, municipality, builders.write_geojson(points, tmp_path / "points.geojson"), "points.geojson")
    page = client.get(preview)
    assert page.status_code == 200
    assert client.post(preview, data={"action": "save"}).status_code < 500


def test_boundary_preview_of_a_messy_file(client, db, municipality, reviewer, tmp_path):
    messy = tmp_path / "messy.geojson"
    messy.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"nome": null, '
                     '"codigo": 1.5}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}},'
                     '{"type": "Feature", "properties": {}, "geometry": null}, {"type": "Feature", "properties": '
                     '{"nome": "x"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}]}')
    login(client, reviewer)
    preview = upload(client, municipality, messy, "messy.geojson")
    assert client.get(preview).status_code == 200
    assert client.post(preview, data={"action": "save"}).status_code < 500


def test_a_bowtie_polygon_that_passes_the_preview_also_saves(client, db, municipality, reviewer, tmp_path):
    from maps.models import BoundaryVersion

    gdf = builders.grid(1, 2)
    gdf.loc[0, "geometry"] = builders.bowtie(builders.ORIGIN_X - 1000, builders.ORIGIN_Y)
    login(client, reviewer)
    preview = upload(client, municipality, builders.write_geojson(gdf, tmp_path / "bowtie.geojson"), "bowtie.geojson")
    page = client.get(preview)
    assert page.status_code == 200
    saved = client.post(preview, data={"action": "save"})
    assert saved.status_code < 500
    if 'value="save"' in page.get_data(as_text=True):
        assert db.session.scalars(select(BoundaryVersion)).first() is not None


@pytest.mark.parametrize("field,value,message", [("codigo", "C" * 41, "longer than 40 characters"),
                                                 ("nome", "N" * 200, "longer than 160 characters")])
def test_long_codes_and_names_are_refused_before_saving(client, db, municipality, reviewer, tmp_path, field, value,
                                                        message):
    from maps.models import BoundaryVersion

    gdf = builders.grid(1, 2)
    gdf.loc[0, field] = value
    login(client, reviewer)
    preview = upload(client, municipality, builders.write_geojson(gdf, tmp_path / "long.geojson"), "long.geojson")
    page = client.get(preview).get_data(as_text=True)
    assert message in page and 'value="save"' not in page
    assert client.post(preview, data={"action": "save"}).status_code < 500
    assert db.session.scalars(select(BoundaryVersion)).first() is None


def test_a_long_name_field_key_is_refused_before_saving(client, db, municipality, reviewer, tmp_path):
    from maps.models import BoundaryVersion

    gdf = builders.grid(1, 2).rename(columns={"nome": "n" * 130})
    login(client, reviewer)
    preview = upload(client, municipality, builders.write_gpkg({"b": gdf}, tmp_path / "key.gpkg"), "key.gpkg")
    assert client.post(preview, data={"action": "check", "name_field": "n" * 130, "code_field": "codigo",
                                      "tolerance_m2": "1"}).status_code < 500
    page = client.get(preview).get_data(as_text=True)
    assert "longer than 120 characters" in page and 'value="save"' not in page
    assert client.post(preview, data={"action": "save"}).status_code < 500
    assert db.session.scalars(select(BoundaryVersion)).first() is None


def test_nul_characters_are_refused_before_they_reach_the_database(client, db, planner, group):
    # PostgreSQL cannot store them in text and answered 500; SQLite stored them.
    login(client, planner)
    response = client.post("/auth/account/tokens", data={"token-label": "my\x00token"})
    assert response.status_code == 400
    assert "could not be understood" in response.get_data(as_text=True)
    assert client.get("/s/%00").status_code == 400
    assert client.get("/groups/?q=%00").status_code == 400
