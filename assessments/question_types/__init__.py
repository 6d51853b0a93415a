"""The one registry of question types (the CTFd challenge-type pattern).

Each type knows how its answer arrives from a form, how it is validated, how it
is stored in the long `answer` table, how it is aggregated and how it maps to
XLSForm. Answers travel as plain JSON values between these steps, so paper
entry, the API, drafts and imports share the same checks.
"""
from __future__ import annotations

from assessments.question_types.base import CODE_RE, AnswerError, QuestionType, tr
from assessments.question_types.choice import Likert, LikertGrid, MultipleChoice, Ranking, SingleChoice, YesNo
from assessments.question_types.display import Note
from assessments.question_types.maps import MapQuestion
from assessments.question_types.simple import DateQuestion, LongText, Numeric, ShortText

__all__ = ["CODE_RE", "TYPES", "AnswerError", "QuestionType", "get_type", "tr"]

TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        SingleChoice(),
        MultipleChoice(),
        Likert(),
        LikertGrid(),
        Numeric(),
        ShortText(),
        LongText(),
        DateQuestion(),
        Ranking(),
        YesNo(),
        MapQuestion(),
        Note(),
    )
}


def get_type(name: str) -> QuestionType:
    """The registered type called `name` (KeyError for an unknown type)."""
    return TYPES[name]
