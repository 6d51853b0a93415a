"""Types answered by typing: numbers, short and long text, dates."""
from __future__ import annotations

import math
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessments.question_types.base import AnswerError, QuestionType

class Numeric(QuestionType):
    name = "numeric"
    label = _l("Number")
    aggregation = "numeric"
    xls_type = "integer"
    macro = "numeric"

    def check_config(self, config):
        low, high = config.get("min"), config.get("max")
        if low is not None and high is not None and float(low) > float(high):
            return [_("The minimum must not be above the maximum.")]
        return []

    def clean(self, question, value):
        config = question.config or {}
        try:
            number = float(str(value).replace(",", ".").strip())
        except ValueError:
            raise AnswerError(_("Please enter a number, for example 3 or 2.5.")) from None
        if math.isnan(number) or math.isinf(number):
            raise AnswerError(_("Please enter a number, for example 3 or 2.5."))
        if config.get("integer", True) and number != int(number):
            raise AnswerError(_("Please enter a whole number."))
        if config.get("min") is not None and number < float(config["min"]):
            raise AnswerError(_("Please enter a number of at least %(min)s.", min=config["min"]))
        if config.get("max") is not None and number > float(config["max"]):
            raise AnswerError(_("Please enter a number of at most %(max)s.", max=config["max"]))
        return int(number) if config.get("integer", True) else number

    def to_rows(self, question, value):
        return [{"number": float(value)}]

    def from_rows(self, question, rows):
        if not rows or rows[0].number is None:
            return None
        number = rows[0].number
        return int(number) if (question.config or {}).get("integer", True) else number


class ShortText(QuestionType):
    name = "text"
    label = _l("Short text")
    aggregation = "text"
    macro = "text"
    max_length = 300

    def limit(self, question) -> int:
        """The most characters an answer may have; the page shows it and counts down to it."""
        return int((question.config or {}).get("max_length") or self.max_length)

    def clean(self, question, value):
        value = str(value).strip()
        limit = self.limit(question)
        # Refused, never cut: the respondent decides what to leave out.
        if len(value) > limit:
            raise AnswerError(_("This answer has %(count)d characters; please shorten it to %(limit)d or fewer.",
                                count=len(value), limit=limit))
        return value


class LongText(ShortText):
    name = "long_text"
    label = _l("Long text")
    xls_appearance = "multiline"
    macro = "long_text"
    max_length = 5000


class DateQuestion(QuestionType):
    name = "date"
    label = _l("Date")
    aggregation = "date"
    xls_type = "date"
    macro = "date"

    def clean(self, question, value):
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise AnswerError(_("Please enter a date as year-month-day, for example 2025-03-31.")) from None
        config = question.config or {}
        if config.get("min") and day < date.fromisoformat(config["min"]):
            raise AnswerError(_("Please enter a date on or after %(day)s.", day=config["min"]))
        if config.get("max") and day > date.fromisoformat(config["max"]):
            raise AnswerError(_("Please enter a date on or before %(day)s.", day=config["max"]))
        return day.isoformat()

    def to_rows(self, question, value):
        # The month is what results show: a full date narrows people down too much.
        return [{"text": value, "option": value[:7]}]
