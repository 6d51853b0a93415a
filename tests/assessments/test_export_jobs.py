"""Raw answer exports as jobs (issue 14): request, progress, download, access, stale jobs, purge."""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import re
from datetime import timedelta
from itertools import groupby

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessments.exporting import jobs
from assessments.exporting.models import ExportJob, ExportStatus
from assessments.models import Answer, Channel, Response
from assessments.question_types import get_type
from partnership.audit.models import AuditEvent
from partnership.dbtypes import utcnow
from partnership.spreadsheets import inert
from tests import factories
from tests.assessments.conftest import answer
from tests.conftest import login


def _fill(survey, n=14):
    """A fixed data set touching every kind of stored answer: choices, grids, rankings, free text, paper."""
    nbs = [n.id for n in survey.group.neighbourhoods] + [None]
    for i in range(n):
        answer(survey, {
            "problems": {"drug_dealing": "very_big" if i % 4 else "not_a_problem", "litter": "not_very_big" if i % 2 else "fairly_big"},
            "vict_burglary": "yes" if i % 3 == 0 else "no",
            "priorities": ["drug_dealing", "burglary"] if i % 2 else ["drug_dealing", "litter"],
            "online_harms_seen": ["scams"] if i % 5 else ["hate", "scams"],
            "anything_else": "=HYPERLINK(\"x\")" if i == 3 else f"Note {i}, \"quoted\"\nsecond line",
        }, neighbourhood_id=nbs[i % len(nbs)], channel=Channel.PAPER if i % 4 == 0 else Channel.LINK)


def _old_raw_rows(app, survey):
    """The raw export as it was written before export jobs (one ordered join), the reference for contents."""
    from partnership.extensions import db

    yield ["response", "neighbourhood_id", "channel", "language", "submitted_month"] + [q.code for q in survey.questions]
    questions = {q.id: q for q in survey.questions}
    stmt = (select(Response.id, Response.neighbourhood_id, Response.channel, Response.language, Response.submitted_on,
                   Answer.question_id, Answer.row, Answer.option, Answer.number, Answer.text, Answer.lat, Answer.lng)
            .join(Answer, Answer.response_id == Response.id, isouter=True).where(Response.survey_id == survey.id)
            .order_by(Response.record_key, Response.id, Answer.question_id, Answer.id))
    for response_id, group in groupby(db.session.execute(stmt), key=lambda r: r[0]):
        group = list(group)
        by_question = {}
        for r in group:
            if r.question_id is not None:
                by_question.setdefault(r.question_id, []).append(r)
        cells = []
        for q in survey.questions:
            qtype = get_type(q.type)
            cells.append(qtype.display(q, qtype.from_rows(q, by_question.get(q.id, [])), survey.default_language))
        label = hmac.new(app.config["SECRET_KEY"].encode(), f"response:{response_id}".encode(), hashlib.sha256).hexdigest()[:12]
        yield [label, group[0].neighbourhood_id, "paper" if group[0].channel == "paper" else "online", group[0].language,
               group[0].submitted_on.strftime("%Y-%m")] + cells


def _old_csv(app, survey) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _old_raw_rows(app, survey):
        writer.writerow(["" if v is None else inert(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def _base(group, survey):
    return f"/groups/{group.id}/surveys/{survey.id}/exports"


def _request(client, group, survey, kind):
    response = client.post(_base(group, survey), data={"kind": kind})
    assert response.status_code == 302
    match = re.search(r"/exports/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


@pytest.fixture
def jobs_only(app):
    """Jobs wait for `flask exports run` (no thread), so a test sees each state in turn."""
    app.config["EXPORT_WORKER"] = "none"
    return app


def test_a_planner_requests_a_csv_export_follows_its_progress_and_downloads_what_the_old_export_gave(
        app, client, db, survey, planner, group, jobs_only, runner):
    _fill(survey)
    login(client, planner)
    page = client.get(_base(group, survey)).get_data(as_text=True)
    assert "14 answer sheets" in page and "Download now" in page  # small: the direct path is offered, and said so
    job_id = _request(client, group, survey, "csv")
    waiting = client.get(f"{_base(group, survey)}/{job_id}").get_data(as_text=True)
    assert "Waiting to start" in waiting and 'http-equiv="refresh"' in waiting
    assert client.get(f"{_base(group, survey)}/{job_id}/download").status_code == 404

    result = runner.invoke(args=["exports", "run"])
    assert result.exit_code == 0 and "1 export job(s) finished" in result.output, result.output
    db.session.expire_all()  # the test shares one session with the pages; a real request starts afresh
    ready = client.get(f"{_base(group, survey)}/{job_id}").get_data(as_text=True)
    assert "Ready: 14 answer sheets" in ready, ready[ready.find("<h1"):]
    assert 'http-equiv="refresh"' not in ready
    download = client.get(f"{_base(group, survey)}/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "survey-%d-answers.csv" % survey.id in download.headers["Content-Disposition"]
    data = download.get_data(as_text=True)
    assert data == _old_csv(app, survey)
    table = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(table) == 15 and "'=HYPERLINK(\"x\")" in {c for row in table for c in row}
    # The direct download writes exactly the same file.
    assert client.get(f"/groups/{group.id}/surveys/{survey.id}/export/raw.csv").get_data(as_text=True) == data
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == planner.id)).all()
    assert actions.count("survey.raw_export") == 2 and "survey.raw_export_download" in actions


def test_an_excel_export_runs_in_a_background_thread_and_holds_the_same_cells(app, client, db, survey, planner, group,
                                                                             monkeypatch):
    from assessments import exports

    # Several chunks, each reporting progress: the report must not wait on the rows being read.
    monkeypatch.setattr(exports, "CHUNK", 4)
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0)
    _fill(survey)
    login(client, planner)
    job_id = _request(client, group, survey, "xlsx")
    jobs.wait_for_background(timeout=60)
    db.session.expire_all()
    job = db.session.get(ExportJob, job_id)
    assert job.status == ExportStatus.DONE and job.rows_done == job.rows_total == 14
    download = client.get(f"{_base(group, survey)}/{job_id}/download")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.data), read_only=True).active
    got = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    expected = [["" if v is None else inert(v) for v in row] for row in _old_raw_rows(app, survey)]
    assert got == expected
    folder = jobs.export_folder()
    assert os.listdir(folder) == [job.file_name]  # renamed into place: no partial file left


def test_raw_exports_are_for_the_group_s_planners_only(client, db, survey, planner, partner, group, jobs_only):
    _fill(survey, 3)
    login(client, planner)
    job_id = _request(client, group, survey, "csv")
    client.post("/auth/logout")
    login(client, partner)
    assert client.get(_base(group, survey)).status_code == 403
    assert client.post(_base(group, survey), data={"kind": "csv"}).status_code == 403
    assert client.get(f"{_base(group, survey)}/{job_id}").status_code == 403
    assert client.get(f"{_base(group, survey)}/{job_id}/download").status_code == 403
    client.post("/auth/logout")
    other_planner = factories.user(role="planner", email="elsewhere@test.example")
    factories.security_group(factories.municipality(), planners=[other_planner])
    login(client, other_planner)
    assert client.get(_base(group, survey)).status_code == 404
    assert client.get(f"{_base(group, survey)}/{job_id}").status_code == 404
    assert client.post(f"{_base(group, survey)}/{job_id}/restart").status_code == 404
    assert db.session.scalar(select(ExportJob).where(ExportJob.requested_by_id == other_planner.id)) is None


def test_a_job_whose_process_died_shows_as_failed_and_can_start_again(app, client, db, survey, planner, group,
                                                                      jobs_only, runner):
    _fill(survey, 3)
    login(client, planner)
    job_id = _request(client, group, survey, "csv")
    job = db.session.get(ExportJob, job_id)
    # A worker claimed it and died: its heartbeat stopped long ago.
    long_ago = utcnow() - timedelta(seconds=app.config.get("EXPORT_STALE_SECONDS", 120) + 60)
    job.status, job.started_at, job.heartbeat_at = ExportStatus.RUNNING, long_ago, long_ago
    db.session.commit()
    page = client.get(f"{_base(group, survey)}/{job_id}").get_data(as_text=True)
    assert "stopped" in page and "Start again" in page and 'http-equiv="refresh"' not in page
    restarted = client.post(f"{_base(group, survey)}/{job_id}/restart")
    new_id = int(restarted.headers["Location"].rsplit("/", 1)[1])
    assert new_id != job_id
    db.session.expire_all()
    assert db.session.get(ExportJob, job_id).status == ExportStatus.FAILED
    runner.invoke(args=["exports", "run"])
    db.session.expire_all()
    assert client.get(f"{_base(group, survey)}/{new_id}/download").status_code == 200
    # A job that is really still running cannot be started twice.
    fresh = db.session.get(ExportJob, _request(client, group, survey, "csv"))
    fresh.status, fresh.heartbeat_at = ExportStatus.RUNNING, utcnow()
    db.session.commit()
    assert "Being written" in client.get(f"{_base(group, survey)}/{fresh.id}").get_data(as_text=True)
    client.post(f"{_base(group, survey)}/{fresh.id}/restart")
    assert db.session.scalar(select(ExportJob).order_by(ExportJob.id.desc())).id == fresh.id


def test_a_job_that_fails_says_so_and_leaves_no_file(app, client, db, survey, planner, group, jobs_only, monkeypatch):
    from assessments import exports

    _fill(survey, 3)
    login(client, planner)
    job_id = _request(client, group, survey, "csv")

    def broken(rows, path):
        with open(path, "w") as handle:
            handle.write("half")
        raise OSError("No space left on device")

    monkeypatch.setattr(exports, "write_csv", broken)
    assert jobs.run_job(job_id) is False
    page = client.get(f"{_base(group, survey)}/{job_id}").get_data(as_text=True)
    assert "This export failed" in page and "Start again" in page
    assert os.listdir(jobs.export_folder()) == []


def test_purge_deletes_export_files_after_their_time_and_with_expired_answers(app, client, db, survey, planner, group,
                                                                             jobs_only, runner):
    from datetime import date

    _fill(survey, 3)
    login(client, planner)
    old_id = _request(client, group, survey, "csv")
    new_id = _request(client, group, survey, "xlsx")
    runner.invoke(args=["exports", "run"])
    db.session.expire_all()
    old, new = db.session.get(ExportJob, old_id), db.session.get(ExportJob, new_id)
    old_file, new_file = jobs.file_path(old), jobs.file_path(new)
    assert os.path.exists(old_file) and os.path.exists(new_file)
    old.created_at = utcnow() - timedelta(hours=app.config.get("EXPORT_RETENTION_HOURS", 24) + 1)
    db.session.commit()
    result = runner.invoke(args=["purge"])
    assert "export files past their time: 1 removed" in result.output, result.output
    assert not os.path.exists(old_file) and os.path.exists(new_file)
    assert db.session.get(ExportJob, old_id) is None
    # The survey's answers reach their retention period: the file that copies them goes too.
    sheet = db.session.scalars(select(Response).where(Response.survey_id == survey.id)).first()
    sheet.submitted_on = date.today() - timedelta(days=app.config["RETENTION_DAYS_RAW_ANSWERS"] + 1)
    db.session.commit()
    runner.invoke(args=["purge"])
    assert not os.path.exists(new_file)
    assert db.session.get(ExportJob, new_id) is None


def test_big_surveys_are_never_written_inside_a_request(app, client, db, survey, planner, group, jobs_only):
    app.config["EXPORT_DIRECT_MAX_SHEETS"] = 3
    _fill(survey, 3)
    login(client, planner)
    page = client.get(_base(group, survey)).get_data(as_text=True)
    assert "Download now" not in page and "Prepare CSV" in page
    direct = client.get(f"/groups/{group.id}/surveys/{survey.id}/export/raw.xlsx")
    assert direct.status_code == 302 and direct.headers["Location"].endswith(_base(group, survey))
    assert client.post(_base(group, survey), data={"kind": "pdf"}).status_code == 302
    assert db.session.scalar(select(ExportJob)) is None


def test_the_excel_writer_keeps_text_numbers_and_blanks_and_never_writes_a_formula(tmp_path):
    from assessments import exports

    rows = [["a", "b", "c", "d"], ["=1+1", " padded ", 3, 2.5], ["<&>\"'", "bell\x07here", None, True], ["x", None, None, None]]
    path = str(tmp_path / "t.xlsx")
    exports.write_xlsx(rows, path, "survey-1-answers")
    book = load_workbook(path)
    sheet = book.active
    assert sheet.title == "survey-1-answers"
    got = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert got[1][:4] == ["'=1+1", " padded ", 3, 2.5]
    assert got[2][:2] == ["<&>\"'", "bellhere"] and got[2][3] is True
    assert got[3][0] == "x" and len(got[3]) == 4
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
