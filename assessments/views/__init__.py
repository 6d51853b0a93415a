"""Pages of Step 2, split by audience: builder (planners), answering (public), results."""
from __future__ import annotations

from flask import abort, g
from flask_babel import get_locale

from assessments.models import NeedsList, Survey
from partnership.extensions import db


def group_survey(survey_id: int) -> Survey:
    """The survey of the group in `g.group`, or 404 (never another group's survey)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.group_id != g.group.id:
        abort(404)
    return survey


def group_needs_list(list_id: int) -> NeedsList:
    needs_list = db.session.get(NeedsList, list_id)
    if needs_list is None or needs_list.group_id != g.group.id:
        abort(404)
    return needs_list


def ui_lang(survey: Survey | None = None) -> str:
    """The interface language, if the survey has it; else the survey's default language."""
    lang = str(get_locale() or "en")
    if survey is None or lang in survey.languages:
        return lang
    return survey.default_language


from assessments.views import answering, builder, distribution, needs, results  # noqa: E402,F401
