"""Pages of raw answer exports: the export page, requesting a job, its progress page, the download.

Raw answers are for the group's planners only (docs/PRIVACY.md "Raw export"); every
route here has that rule. Small surveys still download at once; the page says which.
"""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessments import exports
from assessments.exporting import bp, jobs
from assessments.exporting.models import ExportJob, ExportKind, ExportStatus
from assessments.views import group_survey, ui_lang
from partnership import access
from partnership.audit import log_event
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.permissions import can_plan_group

PLANNERS = dict(check=can_plan_group, description="the group's planners")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"csv": "text/csv", "xlsx": XLSX_TYPE}


def _survey_job(survey, job_id: int) -> ExportJob:
    job = db.session.get(ExportJob, job_id)
    if job is None or job.survey_id != survey.id:
        abort(404)
    return job


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/exports")
@access.group(Role.PLANNER, **PLANNERS)
def export_page(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    recent = db.session.scalars(select(ExportJob).where(ExportJob.survey_id == survey.id)
                                .order_by(ExportJob.id.desc()).limit(20)).all()
    sheets = jobs.sheet_count(survey)
    return render_template("assessments/exports.html", group=survey.group, survey=survey, jobs=recent,
                           sheets=sheets, direct=sheets < jobs.setting("EXPORT_DIRECT_MAX_SHEETS"),
                           shown_status=jobs.shown_status, lang=ui_lang(survey), retention_hours=jobs.setting("EXPORT_RETENTION_HOURS"))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/exports", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def request_export(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    kind = request.form.get("kind", "")
    if kind not in KINDS:
        flash(_("Choose CSV or Excel for the export."), "error")
        return redirect(url_for("exporting.export_page", group_id=group_id, survey_id=survey.id))
    job = jobs.request_export(survey, kind, current_user)
    jobs.start(job)
    return redirect(url_for("exporting.job_page", group_id=group_id, survey_id=survey.id, job_id=job.id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/exports/<int:job_id>")
@access.group(Role.PLANNER, **PLANNERS)
def job_page(group_id: int, survey_id: int, job_id: int):
    survey = group_survey(survey_id)
    job = _survey_job(survey, job_id)
    status = jobs.shown_status(job)
    ready = status == ExportStatus.DONE and jobs.file_path(job) is not None
    return render_template("assessments/export_job.html", group=survey.group, survey=survey, job=job,
                           status=status, ready=ready, stale=jobs.is_stale(job),
                           waiting=status in (ExportStatus.QUEUED, ExportStatus.RUNNING),
                           lang=ui_lang(survey), retention_hours=jobs.setting("EXPORT_RETENTION_HOURS"))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/exports/<int:job_id>/restart", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def restart_job(group_id: int, survey_id: int, job_id: int):
    survey = group_survey(survey_id)
    job = _survey_job(survey, job_id)
    status = jobs.shown_status(job)
    if status in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        flash(_("This export is still being prepared."), "info")
        return redirect(url_for("exporting.job_page", group_id=group_id, survey_id=survey.id, job_id=job.id))
    new_job = jobs.restart(job, current_user)
    jobs.start(new_job)
    return redirect(url_for("exporting.job_page", group_id=group_id, survey_id=survey.id, job_id=new_job.id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/exports/<int:job_id>/download")
@access.group(Role.PLANNER, **PLANNERS)
def download_job(group_id: int, survey_id: int, job_id: int):
    survey = group_survey(survey_id)
    job = _survey_job(survey, job_id)
    path = jobs.file_path(job) if job.status == ExportStatus.DONE else None
    if path is None:
        abort(404)
    log_event("survey.raw_export_download", target=f"survey:{survey.id}", details={"format": job.kind, "job": job.id})
    db.session.commit()
    return send_file(path, mimetype=KINDS[job.kind], as_attachment=True, download_name=jobs.download_name(job),
                     max_age=0)


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/export/raw.<fileformat>")
@access.group(Role.PLANNER, **PLANNERS)
def export_raw(group_id: int, survey_id: int, fileformat: str):
    """The direct download, for surveys small enough to write inside one request."""
    if fileformat not in KINDS:
        abort(404)
    survey = group_survey(survey_id)
    if not jobs.is_small(survey):
        flash(_("This survey has too many answers to download at once: prepare the file here, "
                "and download it when it is ready."), "info")
        return redirect(url_for("exporting.export_page", group_id=group_id, survey_id=survey.id))
    log_event("survey.raw_export", target=f"survey:{survey.id}", details={"format": fileformat, "direct": True})
    db.session.commit()
    name = f"survey-{survey.id}-answers"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fileformat}"'}
    if fileformat == ExportKind.CSV:
        rows = exports.raw_rows_in_context(current_app._get_current_object(), survey.id)
        return HttpResponse(exports.csv_stream(rows), mimetype=KINDS["csv"], headers=disposition)
    path = exports.xlsx_file(exports.raw_rows(survey), name)
    return HttpResponse(exports.file_stream(path), mimetype=XLSX_TYPE, headers=disposition)
