"""Export jobs: request, run (background thread or `flask exports run`), stale detection, purge.

A job writes its file under a temporary name in the private exports area and renames
it when complete, so a file that exists is whole. While it writes it renews its
heartbeat; a running job whose heartbeat is older than EXPORT_STALE_SECONDS belonged
to a process that died, and is shown as failed (with "start again"), never as running.
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import func, select, update

from assessments import exports
from assessments.exporting.models import ExportJob, ExportKind, ExportStatus
from assessments.models import Response, Survey
from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db

log = logging.getLogger(__name__)

EXPORT_FOLDER = "private-exports"
DEFAULTS = {
    # Surveys with fewer answer sheets than this download at once, inside the request.
    "EXPORT_DIRECT_MAX_SHEETS": 5000,
    # Export files are personal data: deleted this many hours after they were written.
    "EXPORT_RETENTION_HOURS": 24,
    # A running job whose heartbeat is older than this is taken as dead.
    "EXPORT_STALE_SECONDS": 120,
    # "thread": a background thread of the app process runs each job; "none": only `flask exports run`.
    "EXPORT_WORKER": "thread",
}
HEARTBEAT_SECONDS = 5

_threads: list[threading.Thread] = []


def setting(name: str):
    return current_app.config.get(name, DEFAULTS[name])


def export_folder() -> str:
    """The private exports area of the upload folder (never served as static files)."""
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], EXPORT_FOLDER)
    os.makedirs(folder, exist_ok=True)
    return folder


def file_path(job: ExportJob) -> str | None:
    """The path of a finished job's file, or None if it has none (or it is gone)."""
    if not job.file_name:
        return None
    path = os.path.join(export_folder(), os.path.basename(job.file_name))
    return path if os.path.exists(path) else None


def sheet_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id)) or 0


def is_small(survey: Survey) -> bool:
    """Whether the survey's raw answers are few enough to download at once."""
    return sheet_count(survey) < setting("EXPORT_DIRECT_MAX_SHEETS")


def download_name(job: ExportJob) -> str:
    return f"survey-{job.survey_id}-answers.{job.kind}"


def is_stale(job: ExportJob, now=None) -> bool:
    """A running job whose worker stopped renewing its heartbeat (its process died)."""
    if job.status != ExportStatus.RUNNING:
        return False
    last = job.heartbeat_at or job.started_at or job.created_at
    return (now or utcnow()) - last > timedelta(seconds=setting("EXPORT_STALE_SECONDS"))


def shown_status(job: ExportJob) -> str:
    """The status a person should see: a stale running job has failed."""
    return ExportStatus.FAILED if is_stale(job) else job.status


def request_export(survey: Survey, kind: str, user) -> ExportJob:
    """Queue an export of the survey's raw answers and record who asked for it (audit log)."""
    job = ExportJob(survey_id=survey.id, kind=ExportKind(kind), requested_by_id=user.id,
                    status=ExportStatus.QUEUED, rows_total=sheet_count(survey))
    db.session.add(job)
    db.session.flush()
    log_event("survey.raw_export", actor=user, target=f"survey:{survey.id}",
              details={"format": job.kind, "job": job.id, "rows": job.rows_total})
    db.session.commit()
    return job


def restart(job: ExportJob, user) -> ExportJob:
    """A new job for the same survey and kind (the old one failed, expired or lost its process)."""
    if job.status == ExportStatus.RUNNING:
        # Its worker died: record it as failed, so nobody waits for it again.
        job.status = ExportStatus.FAILED
        job.error = job.error or "stopped: the process writing it ended"
        job.finished_at = utcnow()
    return request_export(db.session.get(Survey, job.survey_id), job.kind, user)


def start(job: ExportJob) -> None:
    """Run the job in a background thread of this process, unless jobs run elsewhere."""
    if setting("EXPORT_WORKER") != "thread":
        return
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run_in_thread, args=(app, job.id), name=f"export-{job.id}", daemon=True)
    _threads[:] = [t for t in _threads if t.is_alive()]
    _threads.append(thread)
    thread.start()


def wait_for_background(timeout: float | None = None) -> None:
    """Wait for the background jobs this process started (tests, and a clean shutdown)."""
    for thread in list(_threads):
        thread.join(timeout)


def _run_in_thread(app: Flask, job_id: int) -> None:
    # Its own app context, so its own database session: the request that started it is long gone.
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


def _claim(job_id: int) -> bool:
    """Mark a queued job running; False if another worker got it first."""
    now = utcnow()
    result = db.session.execute(
        update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == ExportStatus.QUEUED)
        .values(status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now, rows_done=0))
    db.session.commit()
    return result.rowcount == 1


def _report(job_id: int, **values) -> None:
    """Progress and heartbeat through a connection of their own, outside the reading session."""
    with db.engine.begin() as connection:
        connection.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))


def run_job(job_id: int) -> bool:
    """Write the export of a queued job; True when it finished (False if taken or failed)."""
    if not _claim(job_id):
        return False
    job = db.session.get(ExportJob, job_id)
    folder = export_folder()
    file_name = f"export-{job.id}-{secrets.token_hex(8)}.{job.kind}"
    partial = os.path.join(folder, f".{file_name}.part")
    last_beat = [utcnow()]
    written = [0]

    def progress(done: int) -> None:
        now = utcnow()
        if (now - last_beat[0]).total_seconds() >= HEARTBEAT_SECONDS or done == 0:
            last_beat[0] = now
            _report(job_id, rows_done=done, heartbeat_at=now)

    try:
        survey = db.session.get(Survey, job.survey_id)
        rows = _counted(exports.raw_rows(survey, progress=progress), written)
        if job.kind == ExportKind.CSV:
            exports.write_csv(rows, partial)
        else:
            exports.write_xlsx(rows, partial, f"survey-{survey.id}-answers")
        os.replace(partial, os.path.join(folder, file_name))  # atomic: the file appears whole or not at all
    except Exception as error:  # noqa: BLE001  (any failure must end as a failed job, never a stuck one)
        log.exception("export job %s failed", job_id)
        db.session.rollback()
        if os.path.exists(partial):
            os.unlink(partial)
        _report(job_id, status=ExportStatus.FAILED, finished_at=utcnow(), error=str(error)[:500])
        return False
    db.session.rollback()
    done = max(written[0] - 1, 0)  # sheets in the file (answers may have come or gone while it was written)
    now = utcnow()
    _report(job_id, status=ExportStatus.DONE, file_name=file_name, finished_at=now, heartbeat_at=now,
            rows_done=done, rows_total=done)
    return True


def _counted(rows, counter: list[int]):
    for row in rows:
        counter[0] += 1
        yield row


def run_queued() -> int:
    """Run every queued job here and now (the `flask exports run` command); returns how many finished."""
    ids = db.session.scalars(select(ExportJob.id).where(ExportJob.status == ExportStatus.QUEUED)
                             .order_by(ExportJob.id)).all()
    return sum(1 for job_id in ids if run_job(job_id))


def _delete_file(job: ExportJob) -> None:
    path = file_path(job)
    if path:
        os.unlink(path)


def purge_expired_exports() -> int:
    """Delete export jobs and their files EXPORT_RETENTION_HOURS after they were requested; returns how many."""
    now = utcnow()
    cutoff = now - timedelta(hours=setting("EXPORT_RETENTION_HOURS"))
    old = db.session.scalars(select(ExportJob).where(ExportJob.created_at < cutoff)).all()
    removed = 0
    for job in old:
        if job.status == ExportStatus.RUNNING and not is_stale(job, now):
            continue  # still being written: the next purge takes it
        _delete_file(job)
        db.session.delete(job)
        removed += 1
    _remove_orphans()
    db.session.commit()
    return removed


def _remove_orphans() -> None:
    """Files in the exports area that no job names (a job deleted with its survey, a crashed write)."""
    folder = export_folder()
    known = set(db.session.scalars(select(ExportJob.file_name).where(ExportJob.file_name.is_not(None))))
    for name in os.listdir(folder):
        if name in known:
            continue
        if name.endswith(".part") and _recent(os.path.join(folder, name)):
            continue  # a job writing right now
        os.unlink(os.path.join(folder, name))


def _recent(path: str) -> bool:
    import time

    return time.time() - os.path.getmtime(path) < setting("EXPORT_STALE_SECONDS")


def delete_survey_exports(survey_id: int) -> int:
    """Delete the export files and jobs of a survey (its answers were deleted)."""
    jobs = db.session.scalars(select(ExportJob).where(ExportJob.survey_id == survey_id)).all()
    for job in jobs:
        _delete_file(job)
        db.session.delete(job)
    return len(jobs)
