"""Exports: suppressed aggregates for everyone with access, raw anonymous answers for planners.

Raw exports stream: answers are read in chunks ordered by response, written
row by row (CSV) or through openpyxl's write-only mode into a temporary file,
so 100,000 answer sheets never sit in memory at once.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from itertools import groupby
from typing import Iterable, Iterator

from openpyxl import Workbook
from sqlalchemy import select

from assessments import results
from assessments.models import Answer, Response, Survey
from assessments.question_types import get_type, tr
from partnership.extensions import db
from partnership.spreadsheets import inert  # formula-like cells made inert, shared with every spreadsheet written

CHUNK = 2000


def aggregate_rows(survey: Survey, lang: str, *, neighbourhood_names: dict[int, str]) -> Iterator[list]:
    """Header then one row per published figure; suppressed figures are blank with a flag."""
    yield ["breakdown", "group", "question", "question_text", "row", "option", "option_text",
           "count", "base", "percent", "ci95_low", "ci95_high", "mean", "suppressed"]

    def pct(value):
        return None if value is None else round(100 * value, 1)

    for result in results.overall(survey, lang):
        q = result.question
        text = tr(q.label, lang)
        if result.base is None:
            yield ["all", "", q.code, text, "", "", "", None, None, None, None, None, None, True]
            continue
        for o in result.options:
            s = o.share
            yield ["all", "", q.code, text, "", o.value, o.label, s.count, s.base, pct(s.pct), pct(s.low), pct(s.high), None, s.suppressed]
        for r in result.rows:
            for o in r.options:
                s = o.share
                yield ["all", "", q.code, text, r.value, o.value, o.label, s.count, s.base, pct(s.pct), pct(s.low), pct(s.high), None, s.suppressed]
            if r.mean is not None:
                m = r.mean
                yield ["all", "", q.code, text, r.value, "", "mean", m.n, None, None, _round(m.low), _round(m.high), _round(m.mean), m.suppressed]
        if result.mean is not None:
            m = result.mean
            yield ["all", "", q.code, text, "", "", "mean", m.n, None, None, _round(m.low), _round(m.high), _round(m.mean), m.suppressed]
    for table in results.breakdown(survey, "neighbourhood", lang, group_labels=neighbourhood_names):
        q = table.question
        for g, label in table.groups:
            for c, c_label in table.columns:
                cell = table.cells[(g, c)]
                if table.measure == "share":
                    yield ["neighbourhood", label, q.code, tr(q.label, lang), "", c, c_label, cell.count, cell.base,
                           pct(cell.pct), pct(cell.low), pct(cell.high), None, cell.suppressed]
                else:
                    yield ["neighbourhood", label, q.code, tr(q.label, lang), c, "", "mean", cell.n, None, None,
                           _round(cell.low), _round(cell.high), _round(cell.mean), cell.suppressed]


def _round(value):
    return None if value is None else round(value, 3)


def raw_header(survey: Survey) -> list[str]:
    return ["response", "neighbourhood_id", "channel", "language", "submitted_on"] + [q.code for q in survey.questions]


def raw_rows(survey: Survey) -> Iterator[list]:
    """Header then one row per response, read in chunks (no user, token or IP exists to export)."""
    yield raw_header(survey)
    questions = {q.id: q for q in survey.questions}
    order = [q.id for q in survey.questions]
    stmt = (
        select(Response.id, Response.neighbourhood_id, Response.channel, Response.language, Response.submitted_on,
               Answer.question_id, Answer.row, Answer.option, Answer.number, Answer.text, Answer.lat, Answer.lng)
        .join(Answer, Answer.response_id == Response.id, isouter=True)
        .where(Response.survey_id == survey.id)
        .order_by(Response.id, Answer.question_id, Answer.id)
        .execution_options(yield_per=CHUNK)
    )
    rows = db.session.execute(stmt)
    for response_id, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        first = group[0]
        by_question: dict[int, list] = {}
        for r in group:
            if r.question_id is not None:
                by_question.setdefault(r.question_id, []).append(r)
        cells = []
        for qid in order:
            q = questions[qid]
            qtype = get_type(q.type)
            value = qtype.from_rows(q, by_question.get(qid, []))
            cells.append(qtype.display(q, value, survey.default_language))
        yield [response_id, first.neighbourhood_id, first.channel, first.language, first.submitted_on.isoformat()] + cells


def raw_rows_in_context(app, survey_id: int) -> Iterator[list]:
    """`raw_rows` for a streamed response: it opens its own app context (and session) when read."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        yield from raw_rows(survey)
        db.session.remove()


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text in chunks; a BOM first so spreadsheet programs read UTF-8 correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for index, row in enumerate(rows):
        writer.writerow(["" if v is None else inert(v) for v in row])
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(rows: Iterable[list], title: str) -> str:
    """Write rows to a temporary .xlsx in write-only mode; returns its path (caller deletes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([inert(v) for v in row])
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    workbook.save(path)
    return path


def file_stream(path: str, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Read a temporary file in chunks and delete it afterwards."""
    try:
        with open(path, "rb") as handle:
            while data := handle.read(chunk):
                yield data
    finally:
        os.unlink(path)
