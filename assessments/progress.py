"""Step 2's place in the group's four steps: what is done and what comes next."""
from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from assessments.models import NeedsList, NeedsListStatus, Survey, SurveyStatus
from assessments.results import respondent_count
from partnership.extensions import db
from partnership.groups.progress import COMPLETE, IN_PROGRESS, NOT_STARTED, STEP_TITLES, StepStatus


def _url(endpoint: str, **values) -> str | None:
    # Step states are also computed outside requests (CLI, API summaries): no link there.
    return url_for(endpoint, **values) if has_request_context() else None


def step_two(group) -> StepStatus:
    """Complete once the group has adopted a needs list."""
    surveys = db.session.scalars(select(Survey).where(Survey.group_id == group.id).order_by(Survey.id)).all()
    lists = db.session.scalars(select(NeedsList).where(NeedsList.group_id == group.id).order_by(NeedsList.id)).all()
    adopted = [n for n in lists if n.status == NeedsListStatus.ADOPTED]
    answers = sum(respondent_count(s) for s in surveys)
    status = StepStatus(2, str(STEP_TITLES[2]), url=_url("assessments.survey_list", group_id=group.id))
    status.checklist = [
        (_("A survey has been built"), bool(surveys)),
        (_("A survey has been opened for answers"), any(s.status != SurveyStatus.DRAFT for s in surveys)),
        (_("Answers collected: %(count)d", count=answers), answers > 0),
        (_("A needs list has been drafted"), bool(lists)),
        (_("The group has adopted a needs list"), bool(adopted)),
    ]
    if adopted:
        status.state = COMPLETE
        status.summary = _("The group adopted a list of %(count)d needs.", count=len(adopted[-1].needs))
        status.next_action = _("Design the ideal profile of the community-police team.")
        status.url = _url("assessments.needs_list", group_id=group.id, list_id=adopted[-1].id)
    elif surveys:
        status.state = IN_PROGRESS
        if not any(s.status != SurveyStatus.DRAFT for s in surveys):
            status.next_action = _("Open the survey for answers.")
        elif not lists:
            status.next_action = _("Review the results and draft the needs list.")
        else:
            status.next_action = _("Review the needs list and adopt it.")
    else:
        status.state = NOT_STARTED
        status.next_action = _("Build a survey from the question bank.")
    return status
