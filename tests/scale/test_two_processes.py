"""App processes are stateless: two gunicorn processes, one PostgreSQL, one Redis, one upload folder.

What a user starts on one process goes on unharmed on the other, as behind a load balancer
that does not stick a browser to a process: a signed-in session, a rate limit, a staged
boundary upload and a half-answered survey. scripts/test.sh starts the Redis (TEST_REDIS_URL)
and runs this in its PostgreSQL pass.
"""
from __future__ import annotations

import os

import pytest
import requests
from sqlalchemy import func, select

from assessments.models import Answer, Response
from maps.models import BoundaryVersion, VersionStatus
from tests import factories
from tests.maps import builders
from tests.scale.servers import CSRF, AppServer, Respondent, field
from tests.scale.test_sigkill import PAGES, _three_page_survey

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
START_LIMIT = 30  # "30 per minute" on starting a survey (assessments/views/answering.py), per address


@pytest.fixture
def two_processes(app, database_url, tmp_path):
    if not TEST_REDIS_URL:
        pytest.skip("needs TEST_REDIS_URL (a Redis shared by both processes); scripts/test.sh starts one")
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): an SQLite file is not shared between hosts")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()  # rate-limit counters of an earlier run
    shared = dict(database_url=database_url, upload_folder=str(tmp_path / "uploads"),
                  secret_key=app.config["SECRET_KEY"], workers=1, TRUSTED_PROXIES="1",
                  RATELIMIT_STORAGE_URI=TEST_REDIS_URL)
    a = AppServer(log_path=str(tmp_path / "a.log"), **shared)
    b = AppServer(log_path=str(tmp_path / "b.log"), **shared)
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


def _sign_in(http: requests.Session, base: str, email: str) -> None:
    page = http.get(base + "/auth/login", timeout=30)
    response = http.post(base + "/auth/login", data={"csrf_token": field(CSRF, page.text), "email": email,
                                                     "password": factories.PASSWORD},
                         allow_redirects=False, timeout=30)
    assert response.status_code == 302 and "/auth/login" not in response.headers["Location"]


def test_session_rate_limit_upload_preview_and_survey_move_between_two_app_processes(two_processes, db, group,
                                                                                     municipality, reviewer, tmp_path):
    a, b = two_processes
    survey = _three_page_survey(group)

    # A session: signed in on A, used on B, signed out on B, gone on A.
    browser = requests.Session()
    _sign_in(browser, a.url, reviewer.email)
    dashboard = browser.get(b.url + "/dashboard", allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200 and reviewer.name in dashboard.text

    # An upload preview: the boundary file staged on A, previewed and saved as a draft on B.
    path = builders.write_geojson(builders.grid().to_crs(4326), tmp_path / "areas.geojson")
    form = browser.get(f"{a.url}/maps/municipalities/{municipality.id}/import", timeout=30)
    with open(path, "rb") as handle:
        staged = browser.post(f"{a.url}/maps/municipalities/{municipality.id}/import",
                              data={"csrf_token": field(CSRF, form.text)},
                              files={"file": ("areas.geojson", handle, "application/geo+json")},
                              allow_redirects=False, timeout=60)
    assert staged.status_code == 302 and "/maps/imports/" in staged.headers["Location"]
    preview_path = staged.headers["Location"].removeprefix(a.url)
    preview = browser.get(b.url + preview_path, timeout=60)
    assert preview.status_code == 200 and 'value="save"' in preview.text
    saved = browser.post(b.url + preview_path, data={"csrf_token": field(CSRF, preview.text), "action": "save"},
                         allow_redirects=False, timeout=60)
    assert saved.status_code == 302 and "/maps/versions/" in saved.headers["Location"]
    db.session.expire_all()
    version = db.session.scalars(select(BoundaryVersion).where(BoundaryVersion.municipality_id == municipality.id)).one()
    assert version.status == VersionStatus.DRAFT
    assert browser.get(a.url + preview_path, timeout=30).status_code == 404  # the staged upload is gone for A too

    browser.post(b.url + "/auth/logout", data={"csrf_token": field(CSRF, browser.get(b.url + "/dashboard").text)},
                 timeout=30)
    assert browser.get(a.url + "/dashboard", allow_redirects=False, timeout=30).status_code == 302

    # A half-answered survey: the start and pages 1-2 on A, page 3, review and submit on B.
    respondent = Respondent(a.url, survey.slug, address="10.200.0.1")
    assert respondent.start().status_code == 302
    for number in (1, 2):
        assert respondent.answer_page(number, PAGES[number]).status_code == 302
    respondent.base = b.url
    page_two = respondent.get(f"/s/{survey.slug}/p/2")
    assert 'value="unsafe" checked' in page_two.text  # page 2's answer, as given on A
    assert respondent.answer_page(3, PAGES[3]).headers["Location"].endswith("/review")
    assert respondent.submit(*respondent.review())
    db.session.expire_all()
    (response_id,) = db.session.scalars(select(Response.id).where(Response.survey_id == survey.id)).all()
    assert db.session.scalar(select(func.count(Answer.id)).where(Answer.response_id == response_id)) == len(PAGES)

    # A rate limit: starts from one address count together, whichever process they reach.
    # (With per-process memory:// storage each process would allow START_LIMIT on its own.)
    crowd = Respondent(a.url, survey.slug, address="10.201.0.1")
    for n in range(START_LIMIT):
        crowd.base = (a, b)[n % 2].url
        assert crowd.start().status_code == 302, f"start {n + 1} of {START_LIMIT} refused"
    for server in (a, b):
        crowd.base = server.url
        refused = crowd.post(f"/s/{survey.slug}", {"csrf_token": field(CSRF, crowd.get(f"/s/{survey.slug}").text),
                                                   "language": "en", "neighbourhood_id": "none"})
        assert refused.status_code == 429
    # Another address is not affected.
    assert Respondent(b.url, survey.slug, address="10.201.0.2").start().status_code == 302
