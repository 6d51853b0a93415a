"""Exports: protected aggregates for everyone with access, raw anonymous answers for planners.

Aggregates are the published figures (`results`), nothing more. The raw export holds
no field that ties a row to an invitation: the channel says only "online" or "paper"
(an invitation answer looks like a public-link one), the date is the month, and the
response number is a keyed pseudonym in no particular order (ids follow arrival time).

Raw exports stream: answer sheets are read in chunks, written in batches of rows
(CSV) or through a streaming one-sheet XLSX writer (`exporting.xlsx`), so 100,000
answer sheets never sit in memory at once. Big ones run as jobs (`exporting`).
"""
from __future__ import annotations

import csv
from array import array
import hashlib
import hmac
import io
import os
import tempfile
from typing import Callable, Iterable, Iterator

from flask import current_app
from sqlalchemy import select

from assessments import results
from assessments.models import Answer, Channel, Response, Survey
from assessments.question_types import get_type, tr
from partnership.extensions import db
from partnership.spreadsheets import FORMULA_START, inert  # formula-like cells made inert, shared with every spreadsheet written

CHUNK = 500  # answer sheets per query: 500 ids stay under every SQLite bound-parameter limit


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


def raw_rows(survey: Survey, progress: Callable[[int], None] | None = None) -> Iterator[list]:
    """Header then one row per response, read in chunks (no user, token or IP exists to export).

    Rows come in record-key order (random), not in order of arrival, and carry no exact
    date and no invitation flag: a planner who handed out codes cannot find "the" row of
    an invitation by its date, its channel or its place in the file.

    The sheets' ids are read in record-key order first (8 bytes each), then the sheets and their answers
    chunk by chunk through the (response, question) index: no sort of the whole answer
    table, and at most CHUNK sheets in memory. `progress(n)` is told after each chunk.
    """
    yield raw_header(survey)
    lang = survey.default_language
    columns = []
    for q in survey.questions:
        qtype = get_type(q.type)
        columns.append((q.id, q, qtype.from_rows, qtype.display))
    mac = hmac.new(current_app.config["SECRET_KEY"].encode(), digestmod=hashlib.sha256)
    # The order first, as 8 bytes a sheet: no cursor stays open while rows are written, so a job can
    # report its progress between chunks (SQLite refuses a write while another connection reads).
    order = array("q", db.session.scalars(
        select(Response.id).where(Response.survey_id == survey.id).order_by(Response.record_key, Response.id)))
    sheets = select(Response.id, Response.neighbourhood_id, Response.channel, Response.language, Response.submitted_on)
    answers = (
        select(Answer.response_id, Answer.question_id, Answer.row, Answer.option, Answer.number, Answer.text,
               Answer.lat, Answer.lng)
        .order_by(Answer.response_id, Answer.question_id, Answer.id)
    )
    for start in range(0, len(order), CHUNK):
        chunk = order[start:start + CHUNK].tolist()
        found = {sheet[0]: sheet for sheet in db.session.execute(sheets.where(Response.id.in_(chunk)))}
        by_response: dict[int, dict[int, list]] = {response_id: {} for response_id in found}
        for answer in db.session.execute(answers.where(Answer.response_id.in_(chunk))):
            questions = by_response.get(answer[0])
            if questions is None:
                continue  # its sheet was deleted meanwhile
            rows = questions.get(answer[1])
            if rows is None:
                questions[answer[1]] = [answer]
            else:
                rows.append(answer)
        for response_id in chunk:
            sheet = found.get(response_id)
            if sheet is None:
                continue
            given = by_response[response_id]
            label = mac.copy()
            label.update(b"response:%d" % response_id)
            row = [label.hexdigest()[:12], sheet[1], raw_channel(sheet[2]), sheet[3], sheet[4].strftime("%Y-%m")]
            for qid, q, from_rows, display in columns:
                row.append(display(q, from_rows(q, given.get(qid, [])), lang))
            yield row
        if progress is not None:
            progress(start + len(chunk))


def raw_rows_in_context(app, survey_id: int) -> Iterator[list]:
    """`raw_rows` for a streamed response: it opens its own app context (and session) when read."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        yield from raw_rows(survey)
        db.session.remove()


def _cells(row: list) -> list:
    """A row's cells for a data file: None as blank, formula-like text made inert (`inert` decides)."""
    return ["" if v is None else (inert(v) if v.__class__ is str and v[:1] in _FORMULA_FIRST else v) for v in row]


# Only text starting with one of these can look like a formula: the rest skips the call to `inert`.
_FORMULA_FIRST = frozenset(c[0] for c in FORMULA_START)
BATCH = 1000  # rows per write: big writes, few calls


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV text in chunks; a BOM first so spreadsheet programs read UTF-8 correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for batch in _batches(rows):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _batches(rows: Iterable[list]) -> Iterator[list[list]]:
    batch = []
    for row in rows:
        batch.append(_cells(row))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write_csv(rows: Iterable[list], path: str) -> None:
    """Write rows as UTF-8 CSV with a BOM (as `csv_stream` sends them) to `path`."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle)
        for batch in _batches(rows):
            writer.writerows(batch)


def write_xlsx(rows: Iterable[list], path: str, title: str) -> None:
    """Write rows to `path` as a one-sheet .xlsx, streamed (constant memory); see `exporting.xlsx` for why not openpyxl."""
    from assessments.exporting import xlsx

    xlsx.write((_cells(row) for row in rows), path, title)


def xlsx_file(rows: Iterable[list], title: str) -> str:
    """Write rows to a temporary .xlsx in write-only mode; returns its path (caller deletes it)."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    write_xlsx(rows, path, title)
    return path


def file_stream(path: str, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Read a temporary file in chunks and delete it afterwards."""
    try:
        with open(path, "rb") as handle:
            while data := handle.read(chunk):
                yield data
    finally:
        os.unlink(path)
