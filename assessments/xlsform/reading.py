"""Reading an uploaded XLSForm through pyxform, with its size bounded first and its refusals made readable.

pyxform's own reader knows `.xls` and `.xlsx`, header aliases and case, the
`select one from X` spellings, `list name`, language columns and blank rows, so
the service never reads sheets by hand. A form counts as valid exactly when
pyxform can turn it into an XForm.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from partnership.lazy import lazy_module

# pyxform (with openpyxl) takes most of a second to import; only an XLSForm upload needs it.
builder = lazy_module("pyxform.builder")
errors = lazy_module("pyxform.errors")
xls2json = lazy_module("pyxform.xls2json")
backends = lazy_module("pyxform.xls2json_backends")

# Real XLSForms are small: the largest of 95 published ones unpacks to 2.2 MB. Anything far
# larger is refused before a reader holds it (a 1.5 MB .xlsx can unpack to 1.5 GiB of XML).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_EXPANDED_BYTES = 25 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX, XLS = ".xlsx", ".xls"


class XLSFormError(ValueError):
    """The file is not a usable XLSForm; the message says why and what to change."""


@dataclass
class ReadForm:
    """What pyxform made of a file: its sheets as rows (for row numbers) and its normalised form."""

    definition: backends.DefinitionData
    form: dict
    file_type: str
    warnings: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def file_type_of(data: bytes) -> str:
    """`.xlsx` (a zip) or `.xls` (an OLE compound file), from the first bytes."""
    if data[:4] == b"PK\x03\x04":
        return XLSX
    if data[:8] == OLE_MAGIC:
        return XLS
    raise XLSFormError(_("This file is not an Excel workbook. Save the form as .xlsx or .xls and upload it again."))


def check_size(data: bytes, file_type: str) -> None:
    """Refuse files whose content would not fit a worker, before anything parses them."""
    if len(data) > MAX_FILE_BYTES:
        raise XLSFormError(_("This file is too large for an XLSForm (%(size)s MB; at most %(limit)s MB).",
                             size=_megabytes(len(data)), limit=_megabytes(MAX_FILE_BYTES)))
    if file_type != XLSX:
        return  # an .xls is not compressed: its size is what the reader holds
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # The zip reader never inflates a member beyond its declared size, so the sum bounds memory.
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise XLSFormError(_("This .xlsx file is damaged and cannot be opened. Save it again from your "
                             "spreadsheet program and upload it again.")) from error
    if unpacked > MAX_EXPANDED_BYTES:
        raise XLSFormError(_("This file unpacks to %(size)s MB, far more than any XLSForm (at most %(limit)s MB). "
                             "Remove what is not part of the form, or save it again.",
                             size=_megabytes(unpacked), limit=_megabytes(MAX_EXPANDED_BYTES)))


def read(data: bytes) -> ReadForm:
    """The form as pyxform reads it, or XLSFormError with a readable reason; nothing is stored."""
    file_type = file_type_of(data)
    check_size(data, file_type)
    definition = None
    warnings: list[str] = []
    try:
        definition = backends.get_xlsform(io.BytesIO(data), file_type=file_type)
        form = xls2json.workbook_to_json(workbook_dict=definition, warnings=warnings)
        # Building the XForm is part of pyxform's check: references like ${name} are resolved there.
        builder.create_survey_element_from_dict(copy.deepcopy(form)).to_xml(validate=False, warnings=warnings)
    except errors.PyXFormError as error:
        raise XLSFormError(explain(error, definition)) from error
    except Exception as error:  # noqa: BLE001 — damaged files raise many kinds of errors inside the readers
        raise XLSFormError(_("The file could not be read as an XLSForm (%(kind)s). Open it in a spreadsheet "
                             "program, check it has a “survey” sheet, save it and upload it again.",
                             kind=type(error).__name__)) from error
    return ReadForm(definition=definition, form=form, file_type=file_type, warnings=warnings)


# -- pyxform's refusals, in words a planner can act on ------------------------

ROW = re.compile(r"^\s*\[row\s*:\s*(?P<row>\d+)\]\s*")
MISSING_LIST = re.compile(r"List name not in choices sheet: (?P<list>\S+)")
MISSING_REFERENCE = re.compile(r"replace \$\{(?P<name>[^}]+)\}.*There is no survey element with this name", re.S)
NO_LABEL = re.compile(r"The survey element named '(?P<name>[^']+)' has no label or hint")
DUPLICATE_COLUMN = re.compile(r"Duplicate column header: (?P<column>.+)$")
UNKNOWN_TYPE = re.compile(r"Unknown question type '(?P<type>[^']+)'")


def _rows(definition) -> list[dict]:
    return list(getattr(definition, "survey", None) or [])


def _cell(row: dict, *names: str) -> str:
    for key, value in row.items():
        if str(key).strip().lower() in names:
            return str(value).strip()
    return ""


def _row_of(definition, *, name: str | None = None, type_: str | None = None, text: str | None = None) -> int | None:
    """The spreadsheet row (header = row 1) of the survey row with this name, type or text."""
    for index, row in enumerate(_rows(definition)):
        if name is not None and _cell(row, "name", "value") == name:
            return index + 2
        if type_ is not None and _cell(row, "type") == type_:
            return index + 2
        if text is not None and any(text in str(value) for value in row.values()):
            return index + 2
    return None


def _at(row: int | None, message: str) -> str:
    if row:
        return _("Row %(row)d of the survey sheet: %(message)s", row=row, message=message)
    return message[:1].upper() + message[1:]


def explain(error: errors.PyXFormError, definition) -> str:
    """pyxform's message, rewritten to name the row and say what to fix; never its raw tuple text."""
    args = error.args
    if len(args) > 1 and args[0] == "This section has not been included.":
        return _("The form includes another form (“%(name)s”), which cannot be imported. Copy its questions into "
                 "this form instead.", name=str(args[1]))
    raw = str(args[0]) if args and isinstance(args[0], str) else ""
    if not raw:
        return _("This is not a valid XLSForm, and the checker gave no reason. Open it in ODK or KoboToolbox to find the problem.")
    prefix = _("This is not a valid XLSForm.") + " "
    match = ROW.match(raw)
    row = int(match.group("row")) if match else None
    message = raw[match.end():] if match else raw
    if found := MISSING_LIST.search(message):
        return prefix + _at(row, _("the list “%(list)s” is not on the choices sheet. Add its options there (list_name "
                                   "“%(list)s”), or correct the list name in the type column.", list=found.group("list")))
    if found := MISSING_REFERENCE.search(message):
        name = found.group("name")
        return prefix + _at(_row_of(definition, text="${" + name + "}"),
                            _("a formula refers to ${%(name)s}, but no question is named “%(name)s”. Correct the name, "
                              "or add the question.", name=name))
    if found := NO_LABEL.search(message):
        name = found.group("name")
        return prefix + _at(_row_of(definition, name=name),
                            _("the question “%(name)s” has no label. Give it a label (the text people read).", name=name))
    if found := DUPLICATE_COLUMN.search(message):
        return prefix + _at(None, _("a sheet has two columns called “%(column)s”. Keep one, or give each its language, "
                          "like “label::English (en)” and “label::Portuguese (pt)”.", column=found.group("column").strip()))
    if found := UNKNOWN_TYPE.search(message):
        kind = found.group("type")
        return prefix + _at(row or _row_of(definition, type_=kind),
                            _("“%(type)s” is not a question type XLSForm knows. Correct the type column.", type=kind))
    if "Question or group with no name" in message:
        return prefix + _at(row, _("this question or group has no name. Fill in the name column."))
    if "Missing calculation" in message:
        return prefix + _at(row, _("a “calculate” row needs a formula in the calculation column."))
    if "There should be a choices sheet" in message:
        return prefix + _at(None, _("the form asks questions with options but has no “choices” sheet. Add one with the "
                          "columns list_name, name and label."))
    if "You must have a sheet named 'survey'" in message:
        return prefix + _at(None, _("the workbook has no “survey” sheet. Name the sheet that lists the questions “survey”."))
    # Any other refusal: pyxform's own sentence, which is plain text, with its row in words.
    return prefix + _at(row, message.strip().rstrip(".") + ".")
