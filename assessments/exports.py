"""Exports: protected aggregates for everyone with access, raw anonymous answers for planners.

Aggregates are the published figures (`results`), nothing more. The raw export holds
no field that ties a row to an invitation: the channel says only "online" or "paper"
(an invitation answer looks like a public-link one), the date is the month, and the
response number is a keyed pseudonym in no particular order (ids follow arrival time).

Raw exports stream: answers are read in chunks ordered by response, written
row by row (CSV) or through openpyxl's write-only mode into a temporary file,
so 100,000 answer sheets never sit in memory at once.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import tempfile
from itertools import groupby
from typing import Iterable, Iterator

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import select

from assessments import results
from assessments.models import Answer, Channel, Response, Survey
from assessments.question_types import get_type, tr
from partnership.extensions import db
from partnership.spreadsheets import inert  # formula-like cells made inert, shared with every spreadsheet written

CHUNK = 2000


def aggregate_rows(survey: Survey, lang: str, *, neighbourhood_names: dict[int, str]) -> Iterator[list]:
    """Header then one row per published figure (protected counts and bases); `suppressed`: not publishable.

    A figure that is not publishable (base under k) keeps its protected count and base,
    with no percentage, interval or mean.
    """
    yield ["breakdown", "group", "question", "question_text", "row", "option", "option_text",
           "count", "base", "percent", "ci95_low", "ci95_high", "mean", "suppressed"]

    def pct(value):
        return None if value is None else round(100 * value, 1)

    for result in results.overall(survey, lang):
        q = result.question
        text = tr(q.label, lang)
        if not result.options and not result.rows and result.mean is None:
            yield ["all", "", q.code, text, "", "", "", None, result.base, None, None, None, None, not result.publishable]
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
    return ["response", "neighbourhood_id", "channel", "language", "submitted_month"] + [q.code for q in survey.questions]


def raw_channel(channel: str) -> str:
    """"paper" or "online": whether an online answer came with an invitation code is not exported."""
    return Channel.PAPER.value if channel == Channel.PAPER else "online"


def pseudonym(response_id: int) -> str:
    """A stable label for a response in exports, keyed with SECRET_KEY: it does not give the order of arrival."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"response:{response_id}".encode(), hashlib.sha256).hexdigest()[:12]


def raw_rows(survey: Survey) -> Iterator[list]:
    """Header then one row per response, read in chunks (no user, token or IP exists to export).

    Rows come in record-key order (random), not in order of arrival, and carry no exact
    date and no invitation flag: a planner who handed out codes cannot find "the" row of
    an invitation by its date, its channel or its place in the file.
    """
    yield raw_header(survey)
    questions = {q.id: q for q in survey.questions}
    order = [q.id for q in survey.questions]
    stmt = (
        select(Response.id, Response.neighbourhood_id, Response.channel, Response.language, Response.submitted_on,
               Answer.question_id, Answer.row, Answer.option, Answer.number, Answer.text, Answer.lat, Answer.lng)
        .join(Answer, Answer.response_id == Response.id, isouter=True)
        .where(Response.survey_id == survey.id)
        .order_by(Response.record_key, Response.id, Answer.question_id, Answer.id)
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
        yield [pseudonym(response_id), first.neighbourhood_id, raw_channel(first.channel), first.language,
               first.submitted_on.strftime("%Y-%m")] + cells


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
