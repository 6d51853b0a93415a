"""The XLSForm expressions a survey can hold: skip rules on one earlier answer, and numeric bounds."""
from __future__ import annotations

import re

VALUE = r"(?:'(?P<v1>[^']*)'|\"(?P<v2>[^\"]*)\"|(?P<v3>-?\d+(?:\.\d+)?))"
EQUALS = re.compile(r"^\$\{(?P<src>[^}]+)\}\s*=\s*" + VALUE + r"$")
SELECTED = re.compile(r"^selected\(\s*\$\{(?P<src>[^}]+)\}\s*,\s*" + VALUE + r"\s*\)$")
BOUND = re.compile(r"^\.\s*(?P<op>>=|<=|>|<)\s*(?P<n>-?\d+(?:\.\d+)?)$")


def _unwrap(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")"):
        inner = text[1:-1].strip()
        if inner.count("(") != inner.count(")"):
            break
        text = inner
    return text


def show_if(expression: str) -> tuple[str, list[str]] | None:
    """`${a} = 'x' or selected(${a}, 'y')` -> ('a', ['x', 'y']); anything else -> None."""
    source, values = None, []
    for part in re.split(r"\s+or\s+", _unwrap(expression)):
        part = _unwrap(part)
        match = EQUALS.match(part) or SELECTED.match(part)
        if match is None or (source is not None and match.group("src") != source):
            return None
        source = match.group("src")
        values.append(next(v for v in (match.group("v1"), match.group("v2"), match.group("v3")) if v is not None))
    return (source, values) if source else None


def numeric_bounds(expression: str, *, integer: bool) -> dict | None:
    """`. >= 0 and . <= 120` -> {'min': 0, 'max': 120}; strict bounds only on whole numbers; else None."""
    bounds: dict = {}
    for part in re.split(r"\s+and\s+", _unwrap(expression)):
        match = BOUND.match(_unwrap(part))
        if match is None:
            return None
        text, op = match.group("n"), match.group("op")
        value = float(text) if "." in text else int(text)
        if op in {">", "<"}:
            if not integer or isinstance(value, float):
                return None
            value = value + 1 if op == ">" else value - 1
        bounds["min" if op.startswith(">") else "max"] = value
    return bounds or None


def relevant(show_if_code: str | None, values: list | None, multi: bool) -> str:
    """The XLSForm `relevant` of a skip rule (the export's side of `show_if`)."""
    if not show_if_code:
        return ""
    parts = [f"selected(${{{show_if_code}}}, '{v}')" if multi else f"${{{show_if_code}}} = '{v}'" for v in values or []]
    return " or ".join(parts)
