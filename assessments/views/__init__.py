"""Pages of Step 2, split by audience: builder (planners), answering (public), results."""
from __future__ import annotations

from flask_babel import get_locale

from assessments.models import NeedsList, Survey
from partnership.access import in_group_or_404


def group_survey(survey_id: int) -> Survey:
    """The survey of the group in `g.group`, or 404 (never another group's survey)."""
    return in_group_or_404(Survey, survey_id)


def group_needs_list(list_id: int) -> NeedsList:
    """The needs list of the group in `g.group`, or 404."""
    return in_group_or_404(NeedsList, list_id)


def ui_lang(survey: Survey | None = None) -> str:
    """The interface language, if the survey has it; else the survey's default language."""
    lang = str(get_locale() or "en")
    if survey is None or lang in survey.languages:
        return lang
    return survey.default_language


from assessments.views import answering, builder, distribution, needs, offline, results  # noqa: E402,F401
