"""Text shown between questions (an XLSForm "note"): it asks nothing and stores nothing."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from assessments.question_types.base import QuestionType


class Note(QuestionType):
    name = "note"
    label = _l("Note (text shown, no answer)")
    aggregation = "none"
    xls_type = "note"
    macro = "note"
    collects_answer = False

    def parse(self, question, form):
        return None

    def check(self, question, value):
        return None  # never required, never stored

    def to_rows(self, question, value):
        return []

    def from_rows(self, question, rows):
        return None
