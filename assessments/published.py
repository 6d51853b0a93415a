"""Citing published survey figures elsewhere (for example in a team profile).

Only what `results.overall` and `results.breakdown` publish can be cited: a figure those
functions hide (small cell, complement, too small a base) gives None, never a number.
A citation is stored as a reference (survey, question, option, breakdown) plus the
value and the sentence as published when it was cited.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from assessments import results
from assessments.models import Survey
from assessments.question_types import get_type, tr


@dataclass(frozen=True)
class PublishedFigure:
    survey_id: int
    question_key: str
    option: str | None
    dimension: str | None
    group_value: str | None
    pct: float | None
    count: int | None
    base: int | None
    question: str
    option_label: str
    group_label: str
    text: str

    def as_citation(self) -> dict:
        """The stored form: the reference plus the value and text at the time of citing."""
        return asdict(self)


class Citer:
    """Cites figures of one survey in one language; results are computed once per citer."""

    def __init__(self, survey: Survey, lang: str):
        self.survey, self.lang = survey, lang
        self._overall = None
        self._breakdowns: dict[str, list] = {}

    def _overall_results(self):
        if self._overall is None:
            self._overall = {r.question.code: r for r in results.overall(self.survey, self.lang)}
        return self._overall

    def _breakdown(self, dimension: str):
        if dimension not in self._breakdowns:
            try:
                tables = results.breakdown(self.survey, dimension, self.lang)
            except KeyError:
                tables = []
            self._breakdowns[dimension] = [t for t in tables if t.measure == "share"]
        return self._breakdowns[dimension]

    def _group_label(self, dimension: str, value) -> str:
        question = next((q for q in self.survey.questions if q.code == dimension), None)
        if question is None:
            return str(value)
        for option in get_type(question.type).options(question):
            if option["value"] == value:
                return tr(option.get("label"), self.lang)
        return str(value)

    def cite(self, question_key: str, option: str | None = None, dimension: str | None = None,
             group_value: str | None = None) -> PublishedFigure | None:
        """The published share of `option` (overall, or in one group of a breakdown); None if not published."""
        result = self._overall_results().get(question_key)
        if result is None or result.base is None or option is None:
            return None
        overall_option = next((o for o in result.options if o.value == option), None)
        if overall_option is None:
            return None
        question = tr(result.question.label, self.lang)
        if dimension is None:
            figure = overall_option.share
            group_label = ""
        else:
            table = next((t for t in self._breakdown(dimension) if t.question.code == question_key), None)
            if table is None or (group_value, option) not in table.cells:
                return None
            figure = table.cells[(group_value, option)]
            group_label = self._group_label(dimension, group_value)
        if figure.suppressed or figure.pct is None:
            return None
        return PublishedFigure(
            survey_id=self.survey.id, question_key=question_key, option=option, dimension=dimension,
            group_value=group_value, pct=figure.pct, count=figure.count, base=figure.base, question=question,
            option_label=overall_option.label, group_label=group_label,
            text=_sentence(figure.pct, overall_option.label, question, group_label))


def _sentence(pct: float, option_label: str, question: str, group_label: str) -> str:
    share = f"{round(100 * pct)}%"
    if group_label:
        return f"{share} ({group_label}) — {question}: {option_label}"
    return f"{share} — {question}: {option_label}"


def cite(survey: Survey, question_key: str, option: str | None = None, dimension: str | None = None,
         group_value: str | None = None, lang: str = "en") -> PublishedFigure | None:
    """One published figure of a survey, or None when the results do not publish it."""
    return Citer(survey, lang).cite(question_key, option, dimension, group_value)
