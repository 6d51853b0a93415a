"""The one registry of question types (the CTFd challenge-type pattern).

Each type knows how its answer arrives from a form, how it is validated, how it
is stored in the long `answer` table, how it is aggregated and how it maps to
XLSForm. Answers travel as plain JSON values between these steps, so paper
entry, the API, drafts and imports share the same checks.
"""
from __future__ import annotations

import math
import re
from datetime import date

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

    def clean(self, question, value):
        value = str(value).strip()
        limit = (question.config or {}).get("max_length") or self.max_length
        if len(value) > limit:
            raise AnswerError(_("Please keep this answer under %(limit)d characters.", limit=limit))
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


class MapQuestion(QuestionType):
    """A point on the neighbourhood map, or a named place from the accessible list."""

    name = "map"
    label = _l("Where on the map")
    aggregation = "map"
    xls_type = "geopoint"
    macro = "map"

    def places(self, question) -> list[dict]:
        return list((question.config or {}).get("places") or [])

    def check_config(self, config):
        problems = []
        for place in config.get("places") or []:
            if not place.get("value") or not CODE_RE.match(str(place["value"])):
                problems.append(_("Each place needs a code of letters, digits and underscores."))
            try:
                _valid_point(float(place["lat"]), float(place["lng"]))
            except (KeyError, TypeError, ValueError, AnswerError):
                problems.append(_("Each place needs a latitude and longitude."))
        return problems

    def parse(self, question, form):
        name = self.field_name(question)
        place = (form.get(f"{name}_place") or "").strip()
        lat, lng = (form.get(f"{name}_lat") or "").strip(), (form.get(f"{name}_lng") or "").strip()
        if place:
            return {"place": place}
        if form.get(f"{name}_clear") == "y":
            return None
        if lat or lng:
            return {"lat": lat, "lng": lng}
        return None

    def clean(self, question, value):
        if not isinstance(value, dict):
            raise AnswerError(_("Please mark a point on the map or choose a place from the list."))
        if value.get("place"):
            for place in self.places(question):
                if place["value"] == value["place"]:
                    return {"place": place["value"]}
            raise AnswerError(_("Please choose a place from the list."))
        try:
            lat, lng = float(value.get("lat")), float(value.get("lng"))
        except (TypeError, ValueError):
            raise AnswerError(_("Please mark a point on the map or choose a place from the list.")) from None
        _valid_point(lat, lng)
        return {"lat": round(lat, 6), "lng": round(lng, 6)}

    def to_rows(self, question, value):
        if "place" in value:
            place = next(p for p in self.places(question) if p["value"] == value["place"])
            return [{"option": place["value"], "lat": float(place["lat"]), "lng": float(place["lng"])}]
        return [{"lat": value["lat"], "lng": value["lng"]}]

    def from_rows(self, question, rows):
        if not rows:
            return None
        if rows[0].option:
            return {"place": rows[0].option}
        return {"lat": rows[0].lat, "lng": rows[0].lng}

    def display(self, question, value, lang):
        if not value:
            return ""
        return value.get("place") or f"{value['lat']} {value['lng']}"


def _valid_point(lat: float, lng: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise AnswerError(_("That point is not on the map; please mark it again."))


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
    )
}


def get_type(name: str) -> QuestionType:
    """The registered type called `name` (KeyError for an unknown type)."""
    return TYPES[name]
