"""Survey results computed in SQL (GROUP BY over the long answer table), then suppressed."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from assessments.aggregates import ALL, Aggregates
from assessments.analysis import Mean, Share, mean_figure, share, suppress_distribution, suppress_table
from assessments.models import Question, Response, Survey
from assessments.question_types import get_type, tr
from partnership.extensions import db

NOT_STATED = "__none__"
# Kinds whose options partition the respondents (one answer each): complements apply along rows.
ADDITIVE = {"choice", "date", "map"}


def small_cell_min() -> int:
    return int(current_app.config.get("SMALL_CELL_MIN", 5))


@dataclass
class OptionResult:
    value: str
    label: str
    share: Share


@dataclass
class RowResult:
    value: str
    label: str
    options: list[OptionResult]
    mean: Mean | None


@dataclass
class QuestionResult:
    question: Question
    kind: str
    base: int | None
    options: list[OptionResult] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    mean: Mean | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.question.code, "type": self.question.type, "base": self.base,
            "options": [{"value": o.value, "label": o.label, **o.share.as_dict()} for o in self.options],
            "rows": [{"value": r.value, "label": r.label, "mean": r.mean.as_dict() if r.mean else None,
                      "options": [{"value": o.value, "label": o.label, **o.share.as_dict()} for o in r.options]}
                     for r in self.rows],
            "mean": self.mean.as_dict() if self.mean else None,
        }


def _columns(question: Question, lang: str, seen: set[str]) -> list[tuple[str, str]]:
    """The options to report for a question: defined ones, plus dynamic ones (months, map points)."""
    qtype = get_type(question.type)
    if qtype.aggregation == "map":
        places = [(p["value"], tr(p.get("label"), lang)) for p in qtype.places(question)]
        return places + [("__point__", "")]
    if qtype.aggregation == "date":
        return [(value, value) for value in sorted(v for v in seen if v)]
    return [(o["value"], tr(o.get("label"), lang)) for o in qtype.options(question)]


def _seen_options(agg: Aggregates, question: Question) -> set[str]:
    return {key[2] for key in agg.counts if key[0] == question.id}


def _cell_values(agg: Aggregates, question: Question, row, group) -> dict[str, int]:
    """Counts per reported option of one question (and grid row) in one group."""
    values: dict[str, int] = defaultdict(int)
    for (qid, r, option, g), n in agg.counts.items():
        if qid == question.id and r == row and g == group:
            values[option if option is not None else "__point__"] += n
    return values


def overall(survey: Survey, lang: str, k: int | None = None) -> list[QuestionResult]:
    """Per-question results over all respondents, with suppression applied."""
    k = k or small_cell_min()
    agg = Aggregates(survey)
    return [_question_result(agg, q, lang, k, ALL) for q in agg.questions]


def _question_result(agg: Aggregates, question: Question, lang: str, k: int, group) -> QuestionResult:
    qtype = get_type(question.type)
    kind = qtype.aggregation
    base = agg.bases.get((question.id, group), 0)
    if 0 < base < k:
        return QuestionResult(question, kind, None)
    result = QuestionResult(question, kind, base)
    if kind == "grid":
        for row in qtype.rows(question):
            counts = _cell_values(agg, question, row["value"], group)
            row_base = sum(counts.values())
            columns = _columns(question, lang, set())
            hidden = suppress_distribution({c: counts.get(c, 0) for c, _l in columns}, row_base, k, additive=True)
            n, s, ss = agg.sums.get((question.id, row["value"], group), (0, 0.0, 0.0))
            result.rows.append(RowResult(
                row["value"], tr(row.get("label"), lang),
                [OptionResult(c, label, share(counts.get(c, 0), row_base, c in hidden or "__base__" in hidden))
                 for c, label in columns],
                mean_figure(n, s, ss, 0 < n < k or "__base__" in hidden),
            ))
        return result
    if kind in {"text"}:
        return result
    row_key = None
    if kind == "ranking":
        # How many respondents put each item in their ranking (any position).
        counts: dict[str, int] = defaultdict(int)
        for (qid, r, _o, g), n in agg.counts.items():
            if qid == question.id and g == group:
                counts[r] += n
    else:
        counts = _cell_values(agg, question, row_key, group)
    columns = _columns(question, lang, _seen_options(agg, question))
    hidden = suppress_distribution({c: counts.get(c, 0) for c, _l in columns}, base, k, additive=kind in ADDITIVE)
    result.options = [OptionResult(c, label, share(counts.get(c, 0), base, c in hidden)) for c, label in columns]
    if kind in {"numeric"} or (question.type == "likert"):
        n, s, ss = agg.sums.get((question.id, None, group), (0, 0.0, 0.0))
        result.mean = mean_figure(n, s, ss, 0 < n < k)
    return result


@dataclass
class BreakdownTable:
    question: Question
    measure: str  # "share" or "mean"
    columns: list[tuple[str, str]]
    groups: list[tuple[object, str]]
    bases: dict
    cells: dict  # (group, column) -> Share | Mean

    def as_dict(self) -> dict:
        return {"code": self.question.code, "measure": self.measure,
                "columns": [{"value": c, "label": label} for c, label in self.columns],
                "groups": [{"key": g, "label": label, "base": self.bases.get(g),
                            "cells": {c: self.cells[(g, c)].as_dict() for c, _l in self.columns}}
                           for g, label in self.groups]}


def breakdown_questions(survey: Survey) -> list[Question]:
    """The questions results may be split by: 'about you' items with one option per respondent.

    Only a one-answer choice partitions the respondents: split by a grid, a multiple choice
    or a ranking, one person would sit in several groups, or be counted once per grid row,
    and a cell of one person could show as a count of k or more.
    """
    from assessments import bank

    bands = bank.band_codes()
    return [q for q in survey.questions
            if (q.code in bands or q.module == "about") and get_type(q.type).aggregation == "choice"]


def breakdown(survey: Survey, dimension: str, lang: str, k: int | None = None,
              group_labels: dict | None = None) -> list[BreakdownTable]:
    """Each question split by neighbourhood or by an 'about you' question, with complementary suppression."""
    if dimension != "neighbourhood" and dimension not in {q.code for q in breakdown_questions(survey)}:
        raise KeyError(dimension)
    k = k or small_cell_min()
    total = Aggregates(survey)
    split = Aggregates(survey, dimension)
    group_keys = sorted({key[3] for key in split.counts} | set(split.respondents), key=lambda g: (g is None, str(g)))
    labels = group_labels or {}
    groups = [(g, labels.get(g, str(g)) if g is not None else NOT_STATED) for g in group_keys]
    tables = []
    for question in split.questions:
        qtype = get_type(question.type)
        if question.code == dimension or qtype.aggregation == "text":
            continue
        if qtype.aggregation == "grid":
            tables.append(_mean_table(total, split, question, groups, lang, k))
            continue
        tables.append(_share_table(total, split, question, groups, lang, k))
        if question.type == "likert" or qtype.aggregation == "numeric":
            tables.append(_mean_table(total, split, question, groups, lang, k))
    return tables


def _share_table(total, split, question, groups, lang, k) -> BreakdownTable:
    qtype = get_type(question.type)
    overall_result = _question_result(total, question, lang, k, ALL)
    columns = [(o.value, o.label) for o in overall_result.options]
    counts: dict = defaultdict(int)
    for (qid, row, option, g), n in split.counts.items():
        if qid != question.id:
            continue
        column = row if qtype.aggregation == "ranking" else (option if option is not None else "__point__")
        counts[(g, column)] += n
    bases = {g: split.bases.get((question.id, g), 0) for g, _l in groups}
    column_totals = {o.value: o.share.count or 0 for o in overall_result.options}
    hidden_totals = [o.value for o in overall_result.options if o.share.suppressed]
    grand = total.bases.get((question.id, ALL), 0)
    group_keys = [g for g, _l in groups]
    if overall_result.base is None:
        hidden_cells, hidden_groups = {(g, c) for g in group_keys for c, _l in columns}, set(group_keys)
    else:
        hidden_cells, hidden_groups = suppress_table(
            counts, group_keys, [c for c, _l in columns], bases, column_totals, grand, k,
            additive_rows=qtype.aggregation in ADDITIVE, locked_hidden=hidden_totals)
    cells = {(g, c): share(counts.get((g, c), 0), bases[g], (g, c) in hidden_cells or g in hidden_groups)
             for g in group_keys for c, _l in columns}
    shown_bases = {g: (None if g in hidden_groups else bases[g]) for g in group_keys}
    return BreakdownTable(question, "share", columns, groups, shown_bases, cells)


def _mean_table(total, split, question, groups, lang, k) -> BreakdownTable:
    """Means per group; each (group, row) n is a cell of a table whose margins are the overall n."""
    qtype = get_type(question.type)
    rows = [(r["value"], tr(r.get("label"), lang)) for r in qtype.rows(question)] if qtype.aggregation == "grid" \
        else [(None, tr(question.label, lang))]
    group_keys = [g for g, _l in groups]
    ns = {(g, r): split.sums.get((question.id, r, g), (0, 0, 0))[0] for g in group_keys for r, _l in rows}
    bases = {g: split.bases.get((question.id, g), 0) for g in group_keys}
    totals = {r: total.sums.get((question.id, r, ALL), (0, 0, 0))[0] for r, _l in rows}
    hidden_totals = [r for r, n in totals.items() if 0 < n < k]
    hidden_cells, hidden_groups = suppress_table(
        ns, group_keys, [r for r, _l in rows], bases, totals, total.bases.get((question.id, ALL), 0), k,
        additive_rows=False, locked_hidden=hidden_totals)
    cells = {}
    for g in group_keys:
        for r, _l in rows:
            n, s, ss = split.sums.get((question.id, r, g), (0, 0.0, 0.0))
            cells[(g, r)] = mean_figure(n, s, ss, (g, r) in hidden_cells or g in hidden_groups)
    columns = [(r if r is not None else "mean", label) for r, label in rows]
    cells = {(g, (r if r is not None else "mean")): v for (g, r), v in cells.items()}
    shown_bases = {g: (None if g in hidden_groups else bases[g]) for g in group_keys}
    return BreakdownTable(question, "mean", columns, groups, shown_bases, cells)


def respondent_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(Response.survey_id == survey.id)) or 0
