"""One way of writing dates per language, on every page: "30 Nov 2026" in English, "30 nov. 2026" in Portuguese.

Flask-Babel's own filters follow each call's format name ("short" gives 11/29/26, "medium" Nov 29,
2026), so pages drifted apart. These replace `dateformat`, `datetimeformat` and `timeformat`: the
short forms are always day, abbreviated month, year; "long" and "full" spell the month (and the
weekday) out, day first in every language.
"""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime, format_time, get_locale

TIME = "HH:mm"
SHORT = "d MMM y"
# Babel's long and full forms put the day first in Portuguese and Spanish; English needs its own.
SPELLED = {"en": {"long": "d MMMM y", "full": "EEEE d MMMM y"}}


def _pattern(format: str | None) -> str:
    if format in ("long", "full"):
        language = str(get_locale() or "en").split("_")[0]
        return SPELLED.get(language, {}).get(format, format)
    return SHORT


def format_day(value: date | datetime | None, format: str | None = None) -> str:
    """A date in the reader's language (and, for a datetime, the installation's time zone)."""
    if value is None:
        return ""
    return format_date(value, _pattern(format))


def format_moment(value: datetime | None, format: str | None = None) -> str:
    """A date and time: "30 Nov 2026, 18:30"."""
    if value is None:
        return ""
    return format_datetime(value, f"{_pattern(format)}, {TIME}")


def format_clock(value: datetime | None, format: str | None = None) -> str:
    return "" if value is None else format_time(value, TIME)


def register_date_filters(app: Flask) -> None:
    """Replace Flask-Babel's date filters (call after babel.init_app)."""
    app.jinja_env.filters.update(dateformat=format_day, datetimeformat=format_moment, timeformat=format_clock)
