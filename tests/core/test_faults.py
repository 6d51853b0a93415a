"""Faults users can meet: the database going away mid-request, a full or read-only upload folder."""
from __future__ import annotations

import contextlib

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

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
