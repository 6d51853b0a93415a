"""The server's answer checks as data for the phone: questionnaires typed with no signal are checked before they wait.

One source of truth: every rule is read from the questions' own definitions (their
type, `required`, `config`, skip rule) and every message is the server's own msgid,
translated here into the page's language and left with its %(name)s placeholders
for static/js/offline-check.js to fill. The phone's check is a courtesy: the server
checks again (`answering.validate`) when the answers arrive, and a refusal then is
shown in the list of what waits on the phone, with its reason.
"""
from __future__ import annotations

from flask_babel import gettext as _

from assessments.question_types import get_type
from assessments.question_types.base import tr


def messages() -> dict[str, str]:
    """The server's messages in the current language; placeholders are filled on the phone.

    gettext without variables returns the translated msgid unformatted, so these are the
    very strings the question types raise (same msgids, same translations).
    """
    return {
        "required": _("Please answer this question."),
        "number": _("Please enter a number, for example 3 or 2.5."),
        "whole": _("Please enter a whole number."),
        "min": _("Please enter a number of at least %(min)s."),
        "max": _("Please enter a number of at most %(max)s."),
        "limit": _("This answer has %(count)d characters; please shorten it to %(limit)d or fewer."),
        "date": _("Please enter a date as year-month-day, for example 2025-03-31."),
        "date_min": _("Please enter a date on or after %(day)s."),
        "date_max": _("Please enter a date on or before %(day)s."),
        "choice": _("Please choose one of the options given."),
        "multi": _("Please choose only among the options given."),
        "exclusive": _("“None of these” cannot be combined with other options."),
        "grid_all": _("Please answer every statement."),
        "grid": _("Please answer each statement with one of the options."),
        "rank_first": _("Please rank at least your first choice."),
        "rank_once": _("Each position can be given to one item only."),
        "rank_gaps": _("Number the items 1, 2, 3 … without gaps, up to %(limit)d."),
        "place": _("Please choose a place from the list."),
        "point": _("Please mark a point on the map or choose a place from the list."),
        "summary": _("Please check these answers"),
        "error": _("Error:"),
    }


def question_rule(question, lang: str) -> dict | None:
    """What the phone needs to check one question as the server does; None for text that asks nothing."""
    kind = get_type(question.type)
    if not kind.collects_answer:
        return None
    config = question.config or {}
    rule = {"code": question.code, "name": kind.field_name(question), "type": question.type, "macro": kind.macro,
            "required": bool(question.required), "label": tr(question.label, lang)}
    if question.show_if_code:
        rule["show_if"] = {"code": question.show_if_code, "values": [str(v) for v in question.show_if_values or []]}
    if kind.has_options or kind.macro in ("choice", "multiple", "ranking"):
        rule["options"] = kind.option_values(question)
    if kind.macro == "multiple":
        rule["exclusive"] = [str(o["value"]) for o in kind.options(question) if o.get("exclusive")]
    if kind.macro == "grid":
        rule["rows"] = [str(r["value"]) for r in kind.rows(question)]
    if kind.macro == "ranking":
        rule["max_ranked"] = kind.max_ranked(question)
    if kind.macro in ("text", "long_text"):
        rule["limit"] = kind.limit(question)
    if kind.macro == "numeric":
        rule.update({"integer": bool(config.get("integer", True)), "min": config.get("min"), "max": config.get("max")})
    if kind.macro == "date":
        rule.update({"min": config.get("min"), "max": config.get("max")})
    if kind.macro == "map":
        rule.update({"mode": kind.mode(question), "places": [str(p["value"]) for p in kind.places(question)]})
    return rule


def survey_rules(questions, lang: str, *, enforce_required: bool = True) -> dict:
    """Rules of every question, in order (skip rules look back), for one page in `lang`.

    `enforce_required=False` for paper: a question the respondent skipped stays blank.
    """
    rules = [r for r in (question_rule(q, lang) for q in questions) if r is not None]
    return {"kind": "survey", "enforce_required": enforce_required, "questions": rules, "messages": messages()}
