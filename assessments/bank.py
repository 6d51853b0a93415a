"""The question bank: ready-made modules a planner adds to a survey in one click."""
from __future__ import annotations

import copy

from assessments.bank_data import MODULES, NEEDS
from assessments.question_types import tr

_ITEMS = {item["code"]: (module["key"], item) for module in MODULES for item in module["items"]}


def modules() -> list[dict]:
    """All bank modules, each with key, title and items (read-only)."""
    return MODULES


def module(key: str) -> dict | None:
    return next((m for m in MODULES if m["key"] == key), None)


def item(code: str) -> dict | None:
    """A bank item by its code, or None."""
    found = _ITEMS.get(code)
    return found[1] if found else None


def need_title(key: str, lang: str) -> str:
    """What a need key is called in `lang` (the key itself if it is not in the bank)."""
    return tr(NEEDS.get(key), lang) or key


def band_codes() -> set[str]:
    """Codes of the 'about you' items that results can be broken down by."""
    return {code for code, (_m, it) in _ITEMS.items() if it.get("band")}


def question_fields(code: str) -> dict:
    """The fields of a new Question for a bank item (deep-copied, safe to edit)."""
    module_key, it = _ITEMS[code]
    show_if = it.get("show_if")
    return {
        "code": it["code"],
        "type": it["type"],
        "label": copy.deepcopy(it["label"]),
        "hint": copy.deepcopy(it.get("hint") or {}),
        "config": copy.deepcopy(it.get("config") or {}),
        "show_if_code": show_if[0] if show_if else None,
        "show_if_values": list(show_if[1]) if show_if else None,
        "bank_item": it["code"],
        "module": module_key,
    }
