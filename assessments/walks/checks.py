"""A walk stop's checks as data for the phone, read from the same limits the server applies.

The recording page renders them as JSON; static/js/offline-check.js checks a stop
with them before it waits on the phone. The server checks again (forms.RecordForm,
recording.record_stop) and a refusal is shown in the waiting list with its reason.
"""
from __future__ import annotations

from flask_babel import gettext as _

from assessments.walks.forms import TOO_LONG, RecordForm
from assessments.walks.scoring import SCALE_MAX, items_of


def _max_length(field) -> int | None:
    for validator in field.validators:
        if getattr(validator, "max", -1) not in (-1, None):
            return validator.max
    return None


def stop_rules(walk, form: RecordForm) -> dict:
    limits = {name: _max_length(getattr(form, name)) for name in ("label", "notes", "recommendation")}
    return {
        "kind": "walk", "items": [i.key for i in items_of(walk)], "scale_max": SCALE_MAX,
        "limits": {k: v for k, v in limits.items() if v},
        "messages": {
            "place": _("Name the stop (or choose a planned stop or neighbourhood)."),
            "numbers": _("The location must be numbers (latitude and longitude)."),
            "range": _("The location is out of range."),
            "pair": _("Give both latitude and longitude, or neither."),
            "length": str(TOO_LONG),
            "rating": _("Rate each item 0 to 3, or leave it not rated."),
            "summary": _("Please check these answers"),
            "error": _("Error:"),
        },
    }
