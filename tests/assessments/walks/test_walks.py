"""Safety walks: scores against hand-computed cases, exactly-once stops, photos without metadata,
access (walk records are the group's), stops becoming needs, exports."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import date

import geopandas as gpd
import pytest
from PIL import Image
from sqlalchemy import func, select

from assessments.models import Need
from assessments.walks import recording
from assessments.walks.models import Walk, WalkPhoto, WalkStop
from assessments.walks.scoring import parameter_means, stop_score, walk_score
from partnership.extensions import db
from tests import factories
from tests.conftest import csrf_token_from, login


class _Stop:
    def __init__(self, ratings):
        self.ratings = ratings


# --- scores -------------------------------------------------------------------------------

def test_stop_score_is_the_mean_of_rated_items_rescaled_to_five():
    # (3 + 2 + 1) / 3 items = 2.0 on 0-3  ->  2.0 / 3 * 5 = 3.33 -> 3.3
    assert stop_score({"lighting": 3, "openness": 2, "feeling": 1}) == 3.3
    # all nine at the top: 5.0; all at 0: 0.0 (a rated 0 counts, it is not "unrated")
    assert stop_score({k: 3 for k in "abcdefghi"}) == 5.0
    assert stop_score({"lighting": 0, "feeling": 0}) == 0.0
    # one item rated 2, the rest unrated: 2 / 3 * 5 = 3.33 -> 3.3 (unrated items are excluded)
    assert stop_score({"lighting": 2}) == 3.3
    assert stop_score({}) is None


def test_walk_score_is_the_mean_of_stop_scores_and_means_by_parameter():
    stops = [_Stop({"lighting": 3, "feeling": 3}),   # 5.0
             _Stop({"lighting": 0, "feeling": 1}),   # 0.5 / 3 * 5 = 0.83
             _Stop({})]                              # unrated: not in the mean
    # (5.0 + 0.8333) / 2 = 2.9166 -> 2.9 (stop scores are averaged before rounding? no: rounded scores 5.0 and 0.8)
    assert walk_score(stops) == 2.9
    assert parameter_means(stops, ["lighting", "feeling", "people"]) == {"lighting": 1.5, "feeling": 2.0, "people": None}
    assert walk_score([_Stop({})]) is None


def test_demo_walk_scores_match_hand_computation():
    from assessments.walks.demo import STOPS

    # Chelas: 1+2+1+1+0+2+3+1+1 = 12 / 9 = 1.333 -> 2.2; Bela Vista: 3/9 -> 0.6;
    # Condado: 18/9 = 2 -> 3.3; Rua Direita (5 rated): 7/5 = 1.4 -> 2.3
    assert [stop_score(s[3]) for s in STOPS] == [2.2, 0.6, 3.3, 2.3]
    assert walk_score([_Stop(s[3]) for s in STOPS]) == 2.1  # (2.2 + 0.6 + 3.3 + 2.3) / 4 = 2.1


# --- helpers --------------------------------------------------------------------------------

@pytest.fixture
def walk(db, group, planner):
    return recording.plan_walk(group, route_name="Station loop", walk_on=date(2026, 11, 20), starts_at="21:30",
                               period="night", route_text="Station exit; 38.7555; -9.1133\nPark gate",
                               organisation_ids=[o.id for o in group.organisations], user=planner)


def _record(client, group, walk, **fields):
    page = client.get(f"/groups/{group.id}/walks/{walk.id}/record")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), **fields}
    return client.post(f"/groups/{group.id}/walks/{walk.id}/record", data=data,
                       headers={"Accept": "application/json"}, content_type="multipart/form-data")


def _as(app, user):
    """A fresh browser signed in as `user`."""
    fresh = app.test_client()
    login(fresh, user)
    return fresh


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (38.0, 45.0, 20.0), 3: "W", 4: (9.0, 6.0, 48.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the test photo must carry GPS"
    return data


# --- planning and recording -----------------------------------------------------------------

def test_planner_plans_a_walk_through_the_form(client, group, planner):
    login(client, planner)
    page = client.get(f"/groups/{group.id}/walks/plan")
    token = csrf_token_from(page.get_data(as_text=True))
    org = group.organisations[0]
    response = client.post(f"/groups/{group.id}/walks/plan", data={
        "csrf_token": token, "route_name": "Chelas night", "walk_on": "2026-11-28", "starts_at": "21:00",
        "period": "night", "route": "Exit; 38.75; -9.11\nUnderpass", "organisation_ids": [str(org.id)]})
    assert response.status_code == 302
    walk = db.session.scalar(select(Walk).where(Walk.route_name == "Chelas night"))
    assert walk.route == [{"label": "Exit", "lat": 38.75, "lng": -9.11}, {"label": "Underpass", "lat": None, "lng": None}]
    assert walk.organisation_ids == [org.id]
    bad = client.post(f"/groups/{group.id}/walks/plan", data={
        "csrf_token": token, "route_name": "Bad", "walk_on": "2026-11-28", "period": "day", "route": "Exit; north; west"})
    assert bad.status_code == 200 and "latitude; longitude" in bad.get_data(as_text=True)


def test_a_stop_sent_twice_is_stored_once(client, group, walk, partner):
    login(client, partner)
    fields = {"client_key": "k-1234567890abcdef", "place": "route:0", "lighting": "1", "feeling": "0",
              "openness": "", "notes": "dark", "recommendation": "light it"}
    first = _record(client, group, walk, **fields)
    assert first.status_code == 201 and first.json["created"] is True
    again = _record(client, group, walk, **fields)
    assert again.status_code == 200 and again.json["created"] is False
    assert again.json["stop_id"] == first.json["stop_id"]
    stops = db.session.scalars(select(WalkStop).where(WalkStop.walk_id == walk.id)).all()
    assert len(stops) == 1
    stop = stops[0]
    # the planned stop gives its name and place; "openness" left unrated is absent, not 0
    assert (stop.label, stop.lat, stop.lng) == ("Station exit", 38.7555, -9.1133)
    assert stop.ratings == {"lighting": 1, "feeling": 0}


def test_bad_stops_are_refused_with_a_reason_and_nothing_is_stored(client, group, walk, partner):
    login(client, partner)
    no_key = _record(client, group, walk, label="Somewhere")
    assert no_key.status_code == 400 and "key" in no_key.json["error"]
    bad_place = _record(client, group, walk, client_key="k-bad-place-0001", label="X", lat="abc", lng="1")
    assert bad_place.status_code == 400 and "numbers" in bad_place.json["error"]
    no_name = _record(client, group, walk, client_key="k-no-name-00001")
    assert no_name.status_code == 400
    assert db.session.scalar(select(func.count(WalkStop.id))) == 0


def test_photo_is_stored_privately_without_gps_metadata(app, client, group, walk, partner, outsider_partner):
    login(client, partner)
    response = _record(client, group, walk, client_key="k-photo-000000001", label="Gate", lighting="2",
                       photo=(io.BytesIO(_jpeg_with_gps()), "gate.jpg"))
    assert response.status_code == 201
    photo = db.session.scalar(select(WalkPhoto))
    path = recording.photo_path(photo)
    assert path.startswith(app.config["UPLOAD_FOLDER"]) and "static" not in path
    with Image.open(path) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif and "exif" not in stored.info
    served = client.get(f"/groups/{group.id}/walks/{walk.id}/photos/{photo.id}")
    assert served.status_code == 200 and served.headers["Cache-Control"] == "private, no-store"
    assert b"PhoneMaker" not in served.data
    client = _as(app, outsider_partner)
    assert client.get(f"/groups/{group.id}/walks/{walk.id}/photos/{photo.id}").status_code == 404


def test_strip_metadata_refuses_what_is_not_a_picture():
    with pytest.raises(recording.WalkError):
        recording.strip_metadata(b"not a picture")


# --- access -----------------------------------------------------------------------------------

def test_walk_records_are_the_groups(app, client, db, group, walk, planner, partner, outsider_partner, reviewer, municipality):
    base = f"/groups/{group.id}/walks/{walk.id}"
    login(client, outsider_partner)
    for url in (f"/groups/{group.id}/walks", base, base + "/record", base + "/export/csv"):
        assert client.get(url).status_code == 404, url
    client.get("/auth/logout")
    # a planner of another group: 404 too, even for this group's walk id under their own group
    other_planner = factories.user(role="planner", email="p2@test.example")
    other = factories.security_group(municipality, planners=[other_planner])
    login(client, other_planner)
    assert client.get(base).status_code == 404
    assert client.get(f"/groups/{other.id}/walks/{walk.id}").status_code == 404
    client = _as(app, reviewer)
    assert client.get(base).status_code == 403
    client = _as(app, partner)
    assert client.get(base).status_code == 200
    assert client.get(f"/groups/{group.id}/walks/plan").status_code == 403  # members record, planners plan
    client = _as(app, planner)
    assert client.get(f"/groups/{group.id}/walks/plan").status_code == 200


# --- results, needs, exports ------------------------------------------------------------------

def _stops(walk):
    for key, label, lat, lng, ratings in [
        ("k-a-0000000001", "Exit =cmd", 38.7555, -9.1133, {"lighting": 0, "feeling": 1}),
        ("k-b-0000000002", "Square", 38.7478, -9.1039, {"lighting": 3, "people": 2}),
        ("k-c-0000000003", "Unplaced", None, None, {}),
    ]:
        db.session.add(WalkStop(walk_id=walk.id, client_key=key, label=label, lat=lat, lng=lng, ratings=ratings,
                                notes="@SUM(A1)", recommendation=""))
    db.session.commit()


def test_walk_page_explains_scores_and_compares_day_and_night(client, group, walk, planner):
    _stops(walk)
    day = Walk(group_id=group.id, route_name=walk.route_name, walk_on=date(2026, 11, 21), period="day")
    db.session.add(day)
    db.session.flush()
    db.session.add(WalkStop(walk_id=day.id, client_key="k-day-000000001", label="Exit", ratings={"lighting": 3}))
    db.session.commit()
    login(client, planner)
    html = client.get(f"/groups/{group.id}/walks/{walk.id}").get_data(as_text=True)
    # stops 0.8 (1/2 -> 0.5/3*5) and 4.2 (2.5/3*5): walk 2.5
    assert "2.5 / 5" in html and "0.8" in html and "4.2" in html
    assert "items left unrated are left out" in html
    assert "Day against night" in html and "Re-walks of this route" in html
    assert "map-canvas" in html


def test_a_stop_becomes_a_need_linked_back_to_it(client, group, walk, partner):
    _stops(walk)
    stop = walk.stops[0]
    login(client, partner)
    page = client.get(f"/groups/{group.id}/walks/{walk.id}")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(f"/groups/{group.id}/walks/{walk.id}/stops/{stop.id}/need",
                           data={"csrf_token": token, "title": "Light the station exit"})
    assert response.status_code == 302
    need = db.session.scalar(select(Need))
    assert need.title == "Light the station exit" and need.key == "walk"
    assert need.evidence[0]["stop_id"] == stop.id and need.evidence[0]["walk_id"] == walk.id
    db.session.refresh(stop)
    assert stop.need_id == need.id
    twice = client.post(f"/groups/{group.id}/walks/{walk.id}/stops/{stop.id}/need",
                        data={"csrf_token": token, "title": "Again"})
    assert twice.status_code == 302 and db.session.scalar(select(func.count(Need.id))) == 1


def test_exports_read_back(client, group, walk, partner, tmp_path):
    _stops(walk)
    login(client, partner)
    base = f"/groups/{group.id}/walks/{walk.id}/export/"
    geo = client.get(base + "geojson")
    data = json.loads(geo.data)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2  # the unplaced stop has no point
    first = data["features"][0]
    assert first["geometry"]["coordinates"] == [-9.1133, 38.7555] and first["properties"]["score"] == 0.8
    gpkg = client.get(base + "gpkg")
    path = tmp_path / "stops.gpkg"
    path.write_bytes(gpkg.data)
    frame = gpd.read_file(path)
    assert len(frame) == 2 and frame.crs.to_epsg() == 4326 and set(frame["label"]) == {"Exit =cmd", "Square"}
    text = client.get(base + "csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 and rows[0]["lighting"] == "0" and rows[2]["score"] == ""
    assert rows[0]["notes"] == "'@SUM(A1)"  # formulas neutralised
    assert "photo" not in text.lower()
    assert client.get(base + "xlsx").status_code == 404


def test_demo_seeder_adds_one_marvila_night_walk_once(app, db):
    from partnership.demo import seed_demo

    seed_demo()
    seed_demo()
    walks = db.session.scalars(select(Walk)).all()
    assert len(walks) == 1 and walks[0].period == "night" and len(walks[0].stops) == 4


def test_service_worker_and_manifest_are_served_locally(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/"
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    assert manifest["scope"] == "/" and all(i["src"].startswith("/static/") for i in manifest["icons"])
