"""Types answered by choosing: single, yes/no, Likert, multiple, grids and rankings."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessments.question_types.base import AnswerError, QuestionType

class SingleChoice(QuestionType):
    name = "single"
    label = _l("Single choice")
    has_options = True
    xls_type = "select_one"

    def clean(self, question, value):
        value = str(value)
        if value not in self.option_values(question):
            raise AnswerError(_("Please choose one of the options given."))
        return value

    def _score(self, question, value):
        for option in self.options(question):
            if str(option["value"]) == value:
                return option.get("score")
        return None

    def to_rows(self, question, value):
        return [{"option": value, "number": self._score(question, value)}]

    def from_rows(self, question, rows):
        return rows[0].option if rows else None

    def display(self, question, value, lang):
        return "" if value is None else value

    def describe(self, question, value, lang):
        return "" if value in (None, "") else self.option_label(question, value, lang)


class YesNo(SingleChoice):
    name = "yes_no"
    label = _l("Yes / no")
    has_options = False

    def options(self, question):
        return [
            {"value": "yes", "label": {"en": "Yes", "pt": "Sim", "es": "Sí"}, "score": 1},
            {"value": "no", "label": {"en": "No", "pt": "Não", "es": "No"}, "score": 0},
        ]


class Likert(SingleChoice):
    name = "likert"
    label = _l("Likert item")
    xls_appearance = "likert"
    macro = "choice"

    def check_config(self, config):
        problems = super().check_config(config)
        options = config.get("options") or []
        # "Don't know" options carry no score and are left out of means.
        if not any(isinstance(o.get("score"), (int, float)) for o in options):
            problems.append(_("A Likert scale needs a numeric score on its options."))
        return problems


class MultipleChoice(SingleChoice):
    name = "multiple"
    label = _l("Multiple choice")
    aggregation = "multi"
    xls_type = "select_multiple"
    macro = "multiple"

    def parse(self, question, form):
        return [v for v in form.getlist(self.field_name(question)) if v]

    def clean(self, question, value):
        values = value if isinstance(value, list) else [value]
        allowed = self.option_values(question)
        values = [str(v) for v in values]
        if any(v not in allowed for v in values):
            raise AnswerError(_("Please choose only among the options given."))
        exclusive = {str(o["value"]) for o in self.options(question) if o.get("exclusive")}
        if len(values) > 1 and exclusive & set(values):
            raise AnswerError(_("“None of these” cannot be combined with other options."))
        return sorted(set(values), key=allowed.index)

    def to_rows(self, question, value):
        return [{"option": v} for v in value]

    def from_rows(self, question, rows):
        return [r.option for r in rows] or None

    def display(self, question, value, lang):
        return " ".join(value or [])

    def describe(self, question, value, lang):
        return "; ".join(self.option_label(question, v, lang) for v in value or [])


class LikertGrid(QuestionType):
    name = "likert_grid"
    label = _l("Likert grid")
    aggregation = "grid"
    has_options = True
    has_rows = True
    xls_type = "select_one"
    macro = "grid"

    def rows(self, question) -> list[dict]:
        return list((question.config or {}).get("rows") or [])

    def parse(self, question, form):
        return {
            r["value"]: form.get(f"{self.field_name(question)}__{r['value']}")
            for r in self.rows(question)
            if form.get(f"{self.field_name(question)}__{r['value']}")
        }

    def check(self, question, value):
        value = value or {}
        if not isinstance(value, dict):
            raise AnswerError(_("Please answer each statement with one of the options."))
        rows = [r["value"] for r in self.rows(question)]
        if question.required and any(not value.get(r) for r in rows):
            raise AnswerError(_("Please answer every statement."))
        if not value:
            return None
        allowed = {str(o["value"]) for o in self.options(question)}
        if any(k not in rows or str(v) not in allowed for k, v in value.items()):
            raise AnswerError(_("Please answer each statement with one of the options."))
        return {r: str(value[r]) for r in rows if value.get(r)}

    def to_rows(self, question, value):
        scores = {str(o["value"]): o.get("score") for o in self.options(question)}
        return [{"row": r, "option": v, "number": scores.get(v)} for r, v in value.items()]

    def from_rows(self, question, rows):
        return {r.row: r.option for r in rows} or None

    def display(self, question, value, lang):
        return " ".join(f"{k}={v}" for k, v in (value or {}).items())

    def describe(self, question, value, lang):
        return "; ".join(f"{self.option_label(question, row, lang, self.rows(question))}: {self.option_label(question, v, lang)}"
                         for row, v in (value or {}).items())


class Ranking(SingleChoice):
    name = "ranking"
    label = _l("Ranking")
    aggregation = "ranking"
    xls_type = "rank"
    macro = "ranking"

    def max_ranked(self, question) -> int:
        options = self.options(question)
        return min(int((question.config or {}).get("max_ranked") or len(options)), len(options))

    def parse(self, question, form):
        # Without JavaScript each item gets a position from a select; we sort by it.
        positions = {}
        for value in self.option_values(question):
            raw = form.get(f"{self.field_name(question)}__{value}")
            if raw:
                positions[value] = raw
        return positions

    def check(self, question, value):
        if isinstance(value, list):  # already ordered (API, import, drafts)
            value = {v: i + 1 for i, v in enumerate(value)}
        value = value or {}
        if not value:
            if question.required:
                raise AnswerError(_("Please rank at least your first choice."))
            return None
        allowed = self.option_values(question)
        try:
            positions = {str(k): int(v) for k, v in value.items()}
        except (TypeError, ValueError):
            raise AnswerError(_("Please give each ranked item a position number.")) from None
        if any(k not in allowed for k in positions):
            raise AnswerError(_("Please rank only the items given."))
        limit = self.max_ranked(question)
        ranks = sorted(positions.values())
        if len(set(ranks)) != len(ranks):
            raise AnswerError(_("Each position can be given to one item only."))
        if ranks != list(range(1, len(ranks) + 1)) or len(ranks) > limit:
            raise AnswerError(_("Number the items 1, 2, 3 … without gaps, up to %(limit)d.", limit=limit))
        return [k for k, _v in sorted(positions.items(), key=lambda item: item[1])]

    def to_rows(self, question, value):
        return [{"row": v, "number": float(i + 1)} for i, v in enumerate(value)]

    def from_rows(self, question, rows):
        return [r.row for r in sorted(rows, key=lambda r: r.number)] or None

    def display(self, question, value, lang):
        return " ".join(value or [])

    def describe(self, question, value, lang):
        return "; ".join(f"{i}. {self.option_label(question, v, lang)}" for i, v in enumerate(value or [], start=1))
