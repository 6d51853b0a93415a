"""Faults users can meet: the database going away mid-request, a full or read-only upload folder."""
from __future__ import annotations

import contextlib
import errno
import io
import os

from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from maps import staging
from maps.models import BoundaryVersion
from tests.assessments.conftest import survey  # noqa: F401  (fixture)
from tests.conftest import login


@contextlib.contextmanager
def database_outage(db):
    """Every new connection fails, as when the database server is down or restarting."""
    def refuse(*args, **kwargs):
        raise OperationalError("connect", {}, Exception("could not connect to server: Connection refused"))

    db.session.remove()
    db.engine.dispose()  # drop pooled connections so the next request must connect afresh
    event.listen(db.engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "do_connect", refuse)
        db.engine.dispose()


def test_database_outage_says_try_again_and_keeps_earlier_survey_pages(client, db, survey):  # noqa: F811
    slug = survey.slug
    start = client.post(f"/s/{slug}", data={"language": "en", "neighbourhood_id": "none"})
    assert start.status_code == 302
    saved = client.post(f"/s/{slug}/p/1", data={"q_safety_day": "fairly_safe"})
    assert saved.status_code == 302 and "/p/2" in saved.headers["Location"]

    with database_outage(db):
        page = client.get(f"/s/{slug}/p/2")
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "30"
        assert "try again" in page.get_data(as_text=True)

    back = client.get(f"/s/{slug}/p/1")
    assert back.status_code == 200
    assert 'value="fairly_safe" checked' in back.get_data(as_text=True)


def test_database_outage_for_a_signed_in_planner_is_a_503_page_and_json_in_the_api(client, db, planner):
    login(client, planner)
    with database_outage(db):
        response = client.get("/groups/")
        api = client.get("/api/v1/groups")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "database" in response.get_data(as_text=True)
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["status"] == 503
    assert client.get("/groups/").status_code == 200  # back to normal once the database returns


def _post_boundary_file(client, municipality, **headers):
    data = {"file": (io.BytesIO(b'{"type": "FeatureCollection", "features": []}'), "areas.geojson")}
    return client.post(f"/maps/municipalities/{municipality.id}/import", data=data,
                       content_type="multipart/form-data", headers=headers)


def test_an_upload_folder_that_cannot_be_written_gives_a_clear_error_and_keeps_nothing(app, client, db, municipality,
                                                                                      reviewer, tmp_path):
    # Tests run as root, which ignores chmod; a folder below a regular file cannot be created by anyone.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    app.config["UPLOAD_FOLDER"] = str(blocker / "uploads")
    login(client, reviewer)
    response = _post_boundary_file(client, municipality)
    assert response.status_code == 503
    assert "cannot store uploaded files" in response.get_data(as_text=True)
    assert db.session.scalars(select(BoundaryVersion)).all() == []
    as_json = _post_boundary_file(client, municipality, **{"X-Requested-With": "XMLHttpRequest"})
    assert as_json.status_code == 503 and "Nothing was saved" in as_json.json["errors"][0]


def test_a_full_disk_mid_upload_leaves_no_half_written_file(app, client, db, municipality, reviewer, monkeypatch):
    def fill_the_disk(source, target, *args, **kwargs):
        target.write(source.read(10))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging.shutil, "copyfileobj", fill_the_disk)
    login(client, reviewer)
    response = _post_boundary_file(client, municipality)
    assert response.status_code == 503
    assert "no room left" in response.get_data(as_text=True)
    root = os.path.join(app.config["UPLOAD_FOLDER"], "maps-imports")
    assert not os.path.isdir(root) or os.listdir(root) == []
    assert db.session.scalars(select(BoundaryVersion)).all() == []


def test_a_full_disk_while_saving_preview_answers_keeps_the_earlier_ones(app, client, municipality, reviewer, monkeypatch):
    login(client, reviewer)
    token = _post_boundary_file(client, municipality).headers["Location"].rstrip("/").split("/")[-1]
    before = staging.load(token).meta
    real_dump = staging.json.dump

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging.json, "dump", full)
    response = client.post(f"/maps/imports/{token}", data={"action": "repair", "repair_gap_m": "5"})
    monkeypatch.setattr(staging.json, "dump", real_dump)
    assert response.status_code == 503 and "no room left" in response.get_data(as_text=True)
    assert staging.load(token).meta == before
    assert sorted(os.listdir(staging.load(token).folder)) == ["areas.geojson", "meta.json"]
