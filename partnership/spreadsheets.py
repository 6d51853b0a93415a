"""The one place that keeps spreadsheet cells the service writes from running as formulas.

Residents type free text, and names, titles, hints and choice labels come from
uploaded files, so a cell starting with "=", "+", "-", "@" or a control character
could run in a spreadsheet program ("CSV injection", OWASP). Every CSV and XLSX
the service writes goes through `inert` (data exports) or `text_cell` (files
that are read back, like XLSForms, where the text must stay exactly as typed).
"""
from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def formula_like(value) -> bool:
    """Whether a spreadsheet program could read this text as a formula (plain numbers are fine)."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value)


def inert(value):
    """The value for a CSV or XLSX data cell: formula-like text gets a leading apostrophe."""
    if formula_like(value):
        return "'" + value
    return value


def text_cell(sheet, row: int, column: int, value) -> None:
    """Write `value` into an openpyxl cell as literal text when it looks like a formula.

    The text is kept exactly (a file read back, like an XLSForm, must not gain an
    apostrophe), but the cell is stored as a string with Excel's quote prefix, so no
    spreadsheet program evaluates it, not even after the cell is edited.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_text_rows(sheet, rows) -> None:
    """Write rows (lists of values) into an empty openpyxl sheet through `text_cell`."""
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            text_cell(sheet, row_number, column, value)
