"""What every question type shares: the base class, its errors and translated texts."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is for the respondent."""


def tr(values: dict | None, lang: str | None, fallback: str = "en") -> str:
    """The text in `lang`, else in the fallback language, else any text."""
    values = values or {}
    return values.get(lang or fallback) or values.get(fallback) or next((v for v in values.values() if v), "")


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


class QuestionType:
    """Base type: a single text-like value; subclasses override what differs."""

    name = ""
    label = _l("Question")
    # How analysis aggregates it: choice, multi, grid, numeric, text, date, ranking, map.
    aggregation = "choice"
    has_options = False
    has_rows = False
    xls_type = "text"
    xls_appearance = ""
    # Scales change the meaning of stored scores; options may not be edited once answered.
    macro = "choice"
    # False for text shown between questions (notes): answering, results and analysis skip them.
    collects_answer = True

    # -- definition ---------------------------------------------------------
    def check_config(self, config: dict) -> list[str]:
        """Problems with a question's configuration, for the builder."""
        problems = []
        if self.has_options:
            options = config.get("options") or []
            if len(options) < 2:
                problems.append(_("Give at least two options."))
            values = [o.get("value") for o in options]
            if len(set(values)) != len(values) or not all(v and CODE_RE.match(str(v)) for v in values):
                problems.append(_("Option codes must be unique and use letters, digits and underscores only."))
        if self.has_rows:
            rows = config.get("rows") or []
            values = [r.get("value") for r in rows]
            if not rows:
                problems.append(_("Give at least one row."))
            elif len(set(values)) != len(values) or not all(v and CODE_RE.match(str(v)) for v in values):
                problems.append(_("Row codes must be unique and use letters, digits and underscores only."))
        return problems

    def options(self, question) -> list[dict]:
        return list((question.config or {}).get("options") or [])

    def option_values(self, question) -> list[str]:
        return [str(o["value"]) for o in self.options(question)]

    # -- answering ----------------------------------------------------------
    def field_name(self, question) -> str:
        return f"q_{question.code}"

    def parse(self, question, form) -> object:
        """Read the raw answer from submitted form data (a MultiDict)."""
        return (form.get(self.field_name(question)) or "").strip()

    def check(self, question, value) -> object:
        """The cleaned answer, None when left blank, or AnswerError."""
        if _blank(value):
            if question.required:
                raise AnswerError(_("Please answer this question."))
            return None
        return self.clean(question, value)

    def clean(self, question, value):
        return value

    def to_rows(self, question, value) -> list[dict]:
        """Rows of the long answer table for one cleaned, non-blank answer."""
        return [{"text": str(value)}]

    def from_rows(self, question, rows: list) -> object:
        """Rebuild the answer value from its stored rows (for raw exports and drafts)."""
        return rows[0].text if rows else None

    def display(self, question, value, lang: str) -> str:
        """The answer as one cell of a raw export."""
        return "" if value is None else str(value)
