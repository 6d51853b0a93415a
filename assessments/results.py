"""Survey results: counted in SQL (GROUP BY over the long answer table), then published through the cell-key method.

Every figure here is made from protected counts (`assessments.disclosure`): counts and
bases are perturbed by their cell keys; percentages, intervals and means are computed
from those. A figure carries its published count and base and a `publishable` flag.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from assessments.aggregates import ALL, NEIGHBOURHOOD, Aggregates
from assessments.analysis import Mean, Share, mean_figure, share
from assessments.disclosure import Cell, merge_cells, perturb, protected_numeric_mean, published_mean
from assessments.models import Question, Response, Survey
from assessments.question_types import get_type, tr
from partnership.extensions import db

NOT_STATED = "__none__"


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
    """One question's published figures; `base` is the published number who answered it."""

    question: Question
    kind: str
    base: int | None
    options: list[OptionResult] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    mean: Mean | None = None
    publishable: bool = True

    def as_dict(self) -> dict:
        return {
            "code": self.question.code, "type": self.question.type, "base": self.base,
            "publishable": self.publishable,
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
    return agg.options_seen(question.id)


def _cell(agg: Aggregates, key) -> Cell:
    return Cell(agg.counts.get(key, 0), agg.keys.get(key, 0))


def _option_cells(agg: Aggregates, question: Question, row, group) -> dict[str, Cell]:
    """True cells (count and key sum) per reported option of one question (and grid row) in one group."""
    cells: dict[str, Cell] = defaultdict(Cell)
    qid = question.id
    for r, option in agg.cells_of(qid, group):
        if r == row:
            column = option if option is not None else "__point__"
            cells[column] = cells[column] + _cell(agg, (qid, r, option, group))
    return cells


def _ranking_cells(agg: Aggregates, question: Question, group) -> dict[str, Cell]:
    """How many respondents put each item in their ranking (any position): one answer row each."""
    cells: dict[str, Cell] = defaultdict(Cell)
    qid = question.id
    for r, option in agg.cells_of(qid, group):
        cells[r] = cells[r] + _cell(agg, (qid, r, option, group))
    return cells


def _scores(question: Question) -> dict[str, float]:
    return {str(o["value"]): float(o["score"]) for o in get_type(question.type).options(question)
            if isinstance(o.get("score"), (int, float)) and not isinstance(o.get("score"), bool)}


def _scored_mean(published: dict[str, int], scores: dict[str, float], k: int) -> Mean:
    """A mean made from published counts only: its n is their sum, so it tells nothing they do not."""
    n, mean, variance = published_mean([(scores[c], published.get(c, 0)) for c in scores])
    return mean_figure(n, mean, variance, k)


def _numeric_mean(agg: Aggregates, question: Question, row, group, k: int) -> Mean:
    n, total, total_sq = agg.sums.get((question.id, row, group), (0, 0.0, 0.0))
    keys, low, high = agg.sum_extras.get((question.id, row, group), (0, 0.0, 0.0))
    n_published, mean, variance = protected_numeric_mean(n, total, total_sq, low, high, keys, k)
    return mean_figure(n_published, mean, variance, k)


def overall(survey: Survey, lang: str, k: int | None = None, *, agg: Aggregates | None = None) -> list[QuestionResult]:
    """Per-question results over all respondents, every figure protected (from `agg` when already counted)."""
    k = k or small_cell_min()
    agg = agg if agg is not None else Aggregates(survey)
    return [_question_result(agg, q, lang, k, ALL) for q in agg.questions]


def _question_result(agg: Aggregates, question: Question, lang: str, k: int, group) -> QuestionResult:
    qtype = get_type(question.type)
    kind = qtype.aggregation
    base = perturb(agg.bases.get((question.id, group), 0), agg.base_keys.get((question.id, group), 0), k)
    result = QuestionResult(question, kind, base, publishable=base >= k)
    if kind == "grid":
        scores = _scores(question)
        columns = _columns(question, lang, set())
        for row in qtype.rows(question):
            cells = _option_cells(agg, question, row["value"], group)
            # Each respondent answers a grid row once: the row's base is the union of its cells.
            row_base = merge_cells(cells.values()).published(k)
            published = {c: cells.get(c, Cell()).published(k) for c, _l in columns}
            result.rows.append(RowResult(
                row["value"], tr(row.get("label"), lang),
                [OptionResult(c, label, share(published[c], row_base, k)) for c, label in columns],
                _scored_mean(published, scores, k),
            ))
        return result
    if kind == "text":
        return result
    cells = _ranking_cells(agg, question, group) if kind == "ranking" else _option_cells(agg, question, None, group)
    columns = _columns(question, lang, _seen_options(agg, question))
    published = {c: cells.get(c, Cell()).published(k) for c, _l in columns}
    result.options = [OptionResult(c, label, share(published[c], base, k)) for c, label in columns]
    if question.type == "likert":
        result.mean = _scored_mean(published, _scores(question), k)
    elif kind == "numeric":
        result.mean = _numeric_mean(agg, question, None, group, k)
    return result


@dataclass
class BreakdownTable:
    """A question split by groups; `members` lists the neighbourhoods of each (merged) area."""

    question: Question
    measure: str  # "share" or "mean"
    columns: list[tuple[str, str]]
    groups: list[tuple[object, str]]
    bases: dict
    cells: dict  # (group, column) -> Share | Mean
    members: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.question.code, "measure": self.measure,
                "columns": [{"value": c, "label": label} for c, label in self.columns],
                "groups": [{"key": g, "label": label, "base": self.bases.get(g),
                            "neighbourhoods": self.members.get(g),
                            "cells": {c: self.cells[(g, c)].as_dict() for c, _l in self.columns}}
                           for g, label in self.groups]}


def breakdown_questions(survey: Survey) -> list[Question]:
    """The questions results may be split by: 'about you' items with one option per respondent.

    Only a one-answer choice partitions the respondents: split by a grid, a multiple choice
    or a ranking, one person would sit in several groups, or be counted once per grid row.
    """
    from assessments import bank

    bands = bank.band_codes()
    return [q for q in survey.questions
            if (q.code in bands or q.module == "about") and get_type(q.type).aggregation == "choice"]


def area_plan(survey: Survey, k: int | None = None, names: dict | None = None, split: Aggregates | None = None):
    """The publication areas of a survey: small neighbourhoods merged with a neighbour (see `merging`)."""
    from assessments import merging

    k = k or small_cell_min()
    names = names if names is not None else {n.id: n.name for n in survey.group.neighbourhoods}
    split = split if split is not None else Aggregates(survey, NEIGHBOURHOOD)
    respondents = {nid: Cell(split.respondents.get(nid, 0), split.respondent_keys.get(nid, 0)) for nid in names}
    touching = merging.adjacency(list(names), version_id=survey.boundary_version_id)
    return merging.plan_areas(respondents, names, touching, k)


def breakdown(survey: Survey, dimension: str, lang: str, k: int | None = None,
              group_labels: dict | None = None) -> list[BreakdownTable]:
    """Each question split by neighbourhood (small ones merged) or by an 'about you' question, all protected."""
    if dimension != NEIGHBOURHOOD and dimension not in {q.code for q in breakdown_questions(survey)}:
        raise KeyError(dimension)
    k = k or small_cell_min()
    split = Aggregates(survey, dimension)
    labels = dict(group_labels or {})
    members: dict = {}
    if dimension == NEIGHBOURHOOD:
        if not labels:
            labels = {n.id: n.name for n in survey.group.neighbourhoods}
        plan = area_plan(survey, k, labels, split)
        split.regroup(plan.mapping)
        labels, members = plan.labels, plan.members
        present = set(plan.labels) | {key[3] for key in split.counts} | set(split.respondents)
    else:
        present = {key[3] for key in split.counts} | set(split.respondents)
    group_keys = sorted(present, key=lambda g: (g is None, str(labels.get(g, g))))
    groups = [(g, labels.get(g, str(g)) if g is not None else NOT_STATED) for g in group_keys]
    tables = []
    for question in split.questions:
        qtype = get_type(question.type)
        if question.code == dimension or qtype.aggregation == "text":
            continue
        if qtype.aggregation == "grid":
            tables.append(_mean_table(split, question, groups, lang, k, members))
            continue
        tables.append(_share_table(split, question, groups, lang, k, members))
        if question.type == "likert" or qtype.aggregation == "numeric":
            tables.append(_mean_table(split, question, groups, lang, k, members))
    return tables


def _group_base(split: Aggregates, question: Question, group, k: int) -> int:
    return perturb(split.bases.get((question.id, group), 0), split.base_keys.get((question.id, group), 0), k)


def _share_table(split, question, groups, lang, k, members) -> BreakdownTable:
    qtype = get_type(question.type)
    columns = _columns(question, lang, _seen_options(split, question))
    bases, cells = {}, {}
    for g, _label in groups:
        bases[g] = _group_base(split, question, g, k)
        found = _ranking_cells(split, question, g) if qtype.aggregation == "ranking" \
            else _option_cells(split, question, None, g)
        for c, _l in columns:
            cells[(g, c)] = share(found.get(c, Cell()).published(k), bases[g], k)
    return BreakdownTable(question, "share", columns, groups, bases, cells, members)


def _mean_table(split, question, groups, lang, k, members) -> BreakdownTable:
    """Means per group, each made from that group's published counts (numbers: a protected sum)."""
    qtype = get_type(question.type)
    rows = [(r["value"], tr(r.get("label"), lang)) for r in qtype.rows(question)] if qtype.aggregation == "grid" \
        else [(None, tr(question.label, lang))]
    scores = _scores(question)
    bases, cells = {}, {}
    for g, _label in groups:
        bases[g] = _group_base(split, question, g, k)
        for r, _l in rows:
            column = r if r is not None else "mean"
            if qtype.aggregation == "numeric":
                cells[(g, column)] = _numeric_mean(split, question, r, g, k)
            else:
                found = _option_cells(split, question, r, g)
                cells[(g, column)] = _scored_mean({c: found.get(c, Cell()).published(k) for c in scores}, scores, k)
    columns = [(r if r is not None else "mean", label) for r, label in rows]
    return BreakdownTable(question, "mean", columns, groups, bases, cells, members)


class SurveyFigures:
    """The published figures of one survey for one page or document: each aggregate counted once, then reused.

    A results page shows the overall figures, ranks the needs from them, counts the respondents,
    and may show the neighbourhood breakdown twice (table and choropleth): one object per request
    reads each from the database once. The figures are those of `overall`, `breakdown` and
    `respondent_count`, exactly; keep the object no longer than the request (answers keep coming).
    """

    def __init__(self, survey: Survey, lang: str, k: int | None = None):
        self.survey, self.lang, self.k = survey, lang, k or small_cell_min()
        self._aggregates: Aggregates | None = None
        self._overall: list[QuestionResult] | None = None
        self._breakdowns: dict = {}

    @property
    def aggregates(self) -> Aggregates:
        if self._aggregates is None:
            self._aggregates = Aggregates(self.survey)
        return self._aggregates

    def overall(self) -> list[QuestionResult]:
        if self._overall is None:
            self._overall = overall(self.survey, self.lang, self.k, agg=self.aggregates)
        return self._overall

    def breakdown(self, dimension: str, group_labels: dict | None = None) -> list[BreakdownTable]:
        key = (dimension, tuple(sorted((group_labels or {}).items(), key=lambda item: str(item[0]))))
        if key not in self._breakdowns:
            self._breakdowns[key] = breakdown(self.survey, dimension, self.lang, self.k, group_labels)
        return self._breakdowns[key]

    def respondent_count(self) -> int:
        """As `respondent_count`: the overall aggregates already read the same count and key sum."""
        agg = self.aggregates
        return perturb(agg.respondents.get(ALL, 0), agg.respondent_keys.get(ALL, 0), self.k)


def respondent_count(survey: Survey, k: int | None = None) -> int:
    """The published number of people who answered (a protected count, like every other)."""
    k = k or small_cell_min()
    n, keys = db.session.execute(select(func.count(Response.id), func.sum(Response.record_key))
                                 .where(Response.survey_id == survey.id)).one()
    return perturb(n or 0, keys or 0, k)
