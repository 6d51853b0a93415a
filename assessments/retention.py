"""Retention of raw survey answers (DESIGN.md section 5: a purge command enforces it)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, select

from assessments.exporting.jobs import delete_survey_exports
from assessments.models import Answer, Response
from partnership.extensions import db


def purge_expired_responses(today: date | None = None) -> int:
    """Delete answer sheets submitted more than RETENTION_DAYS_RAW_ANSWERS days ago; returns how many."""
    cutoff = (today or date.today()) - timedelta(days=current_app.config["RETENTION_DAYS_RAW_ANSWERS"])
    expired = select(Response.id).where(Response.submitted_on < cutoff)
    touched = set(db.session.scalars(select(Response.survey_id).where(Response.submitted_on < cutoff).distinct()))
    # Answers first, explicitly: the purge must not depend on the engine honouring ON DELETE CASCADE.
    db.session.execute(delete(Answer).where(Answer.response_id.in_(expired)))
    result = db.session.execute(delete(Response).where(Response.submitted_on < cutoff))
    # Export files hold copies of those answers: they go with them.
    for survey_id in touched:
        delete_survey_exports(survey_id)
    db.session.commit()
    return result.rowcount or 0
