"""The raw GROUP BY figures of a survey, overall or split by a breakdown dimension.

Three shapes of query, each reading one covering index of the long `answer` table
(see `models.Answer`) and never joining every answer row to its response:

- overall: GROUP BY question, row, option;
- by neighbourhood: GROUP BY the neighbourhood copied onto each answer row when the
  sheet is stored (`Answer.neighbourhood_id`);
- by an "about you" band: the band of each sheet is read once (a materialised CTE),
  and the counts per band are pivoted into columns (`SUM(CASE band WHEN ...)`), so the
  GROUP BY keeps the index order instead of sorting millions of rows by band.

Every count comes with the sum of its records' keys (`Answer.record_key`), the cell key
of the cell-key method (see `disclosure`): `keys[...]` beside `counts[...]`, and so on.

Bench: `python bench/assessments_bench.py`.
"""
from __future__ import annotations

import math
from collections import defaultdict

from sqlalchemy import BigInteger, case, cast, func, null, select

from assessments.models import Answer, Question, Response, Survey
from assessments.question_types import get_type
from partnership.extensions import db

ALL = "__all__"
# Kinds stored as exactly one answer row per respondent.
SINGLE_ROW = {"choice", "numeric", "text", "date", "map"}
NEIGHBOURHOOD = "neighbourhood"
PACK = 2 ** 32


def _respondent_rows(question_ids: list[int]):
    """One row per (question, respondent) of several-rows questions, with the sheet's neighbourhood and record key.

    The neighbourhood and the record key follow from the response, so they add no rows to the
    DISTINCT; listed in the order of `ix_answer_question_respondent`, the DISTINCT streams off it.
    """
    return select(Answer.question_id, Answer.response_id, Answer.neighbourhood_id, Answer.record_key) \
        .where(Answer.question_id.in_(question_ids)).distinct().subquery()


class Aggregates:
    """Counts, bases, sums and respondents of a survey, keyed by group (ALL without a breakdown).

    counts[(question_id, row, option, group)], bases[(question_id, group)],
    sums[(question_id, row, group)] = (n, sum, sum of squares) of free numbers (numeric questions: the
    means of scored options are made from published counts, so no sum is read for them), respondents[group];
    keys, base_keys, respondent_keys: the record-key sums of the same cells;
    sum_extras[(question_id, row, group)] = (key sum, lowest value, highest value).
    """

    def __init__(self, survey: Survey, breakdown: str | None = None):
        self.survey = survey
        self.questions = [q for q in survey.questions if get_type(q.type).collects_answer]  # notes ask nothing
        self.counts: dict = defaultdict(int)
        self.bases: dict = defaultdict(int)
        self.sums: dict = {}
        self.respondents: dict = defaultdict(int)
        self.keys: dict = defaultdict(int)
        self.base_keys: dict = defaultdict(int)
        self.respondent_keys: dict = defaultdict(int)
        self.sum_extras: dict = {}
        band = None
        if breakdown not in (None, NEIGHBOURHOOD):
            band = next((q for q in self.questions if q.code == breakdown), None)
            if band is None:
                raise KeyError(breakdown)
        ids = [q.id for q in self.questions]
        if ids:
            single = {q.id for q in self.questions if get_type(q.type).aggregation in SINGLE_ROW}
            several = [i for i in ids if i not in single]
            numeric = [q.id for q in self.questions if get_type(q.type).aggregation == "numeric"]
            if band is None:
                self._grouped(ids, several, numeric, Answer.neighbourhood_id if breakdown else None)
            else:
                self._by_band(ids, several, numeric, band)
            # One answer row per respondent: the base is the sum of the counts, no DISTINCT needed.
            for (qid, _row, _option, grp), n in self.counts.items():
                if qid in single:
                    self.bases[(qid, grp)] += n
                    self.base_keys[(qid, grp)] += self.keys[(qid, _row, _option, grp)]
        self._respondents(breakdown, band)

    # -- overall and by neighbourhood: a plain GROUP BY on the answer rows ----------
    def _grouped(self, ids: list[int], several: list[int], numeric: list[int], group) -> None:
        g = [group] if group is not None else []
        cols = [Answer.question_id, *g, Answer.row, Answer.option]
        stmt = select(*cols, func.count(), func.sum(Answer.record_key)).where(Answer.question_id.in_(ids)).group_by(*cols)
        for key in db.session.execute(stmt):
            qid, grp, row, option = (key[0], key[1], key[2], key[3]) if g else (key[0], ALL, key[1], key[2])
            self.counts[(qid, row, option, grp)] += key[-2]
            self.keys[(qid, row, option, grp)] += int(key[-1] or 0)
        if several:
            inner = _respondent_rows(several)
            outer = [inner.c.question_id] + ([inner.c.neighbourhood_id] if g else [])
            for key in db.session.execute(select(*outer, func.count(), func.sum(inner.c.record_key)).group_by(*outer)):
                self.bases[(key[0], key[1] if g else ALL)] = key[-2]
                self.base_keys[(key[0], key[1] if g else ALL)] = int(key[-1] or 0)
        if not numeric:
            return
        cols = [Answer.question_id, *g, Answer.row]
        stmt = select(*cols, func.count(Answer.number), func.sum(Answer.number), func.sum(Answer.number * Answer.number),
                      func.sum(Answer.record_key), func.min(Answer.number), func.max(Answer.number)) \
            .where(Answer.question_id.in_(numeric), Answer.number.is_not(None)).group_by(*cols)
        for key in db.session.execute(stmt):
            qid, grp, row = (key[0], key[1], key[2]) if g else (key[0], ALL, key[1])
            n, s, ss, keys, low, high = key[-6:]
            self.sums[(qid, row, grp)] = (n, float(s or 0), float(ss or 0))
            self.sum_extras[(qid, row, grp)] = (int(keys or 0), float(low or 0), float(high or 0))

    # -- by an "about you" band: one pass, pivoted ------------------------------------
    def _by_band(self, ids: list[int], several: list[int], numeric: list[int], band_question: Question) -> None:
        values = sorted(db.session.scalars(
            select(Answer.option).where(Answer.question_id == band_question.id, Answer.option.is_not(None)).distinct()))
        groups = [*values, None]  # None: the band question was not answered
        # Each band as a small number, made once per respondent, so the pivot compares integers, not strings.
        number_of = case({value: i for i, value in enumerate(values)}, value=Answer.option) if values else null()
        band = select(Answer.response_id, number_of.label("grp")) \
            .where(Answer.question_id == band_question.id).cte("band").prefix_with("MATERIALIZED")

        def is_group(index):
            return band.c.grp.is_(None) if index is None else band.c.grp == index

        def per_group(expression):
            # FILTER, not SUM(CASE ...): the aggregate only steps for the rows of its own band.
            return [func.sum(expression).filter(is_group(i if v is not None else None)) for i, v in enumerate(groups)]

        def counted(key_column):
            # Count and key sum in one pivot column (count + key sum x 2^32), so the pivot is no wider
            # than a plain count: a key sum stays under 2^31 for any survey under 8 million answers.
            return per_group(cast(key_column, BigInteger) * PACK + 1)

        def unpack(values):
            return [(int(v or 0) % PACK, int(v or 0) // PACK) for v in values]

        cols = [Answer.question_id, Answer.row, Answer.option]
        stmt = select(*cols, *counted(Answer.record_key)) \
            .outerjoin(band, band.c.response_id == Answer.response_id) \
            .where(Answer.question_id.in_(ids)).group_by(*cols)
        for qid, row, option, *ns in db.session.execute(stmt):
            for value, (n, keys) in zip(groups, unpack(ns)):
                if n:
                    self.counts[(qid, row, option, value)] += n
                    self.keys[(qid, row, option, value)] += int(keys or 0)
        if several:
            inner = _respondent_rows(several)
            stmt = select(inner.c.question_id, *counted(inner.c.record_key)) \
                .outerjoin(band, band.c.response_id == inner.c.response_id).group_by(inner.c.question_id)
            for qid, *ns in db.session.execute(stmt):
                for value, (n, keys) in zip(groups, unpack(ns)):
                    if n:
                        self.bases[(qid, value)] = n
                        self.base_keys[(qid, value)] = int(keys or 0)
        if not numeric:
            return
        # Means of free numbers: counts per distinct value, in index order; sums are made from them.
        number = Answer.number
        stmt = select(Answer.question_id, Answer.row, number, *counted(Answer.record_key)) \
            .outerjoin(band, band.c.response_id == Answer.response_id) \
            .where(Answer.question_id.in_(numeric), number.is_not(None)).group_by(Answer.question_id, Answer.row, number)
        sums: dict = defaultdict(lambda: [0, 0.0, 0.0, 0, math.inf, -math.inf])
        for qid, row, value, *ns in db.session.execute(stmt):
            for group, (n, keys) in zip(groups, unpack(ns)):
                if n:
                    figures = sums[(qid, row, group)]
                    figures[0] += n
                    figures[1] += n * value
                    figures[2] += n * value * value
                    figures[3] += int(keys or 0)
                    figures[4] = min(figures[4], value)
                    figures[5] = max(figures[5], value)
        self.sums.update({key: tuple(figures[:3]) for key, figures in sums.items()})
        self.sum_extras.update({key: (figures[3], figures[4], figures[5]) for key, figures in sums.items()})

    def _respondents(self, breakdown: str | None, band_question: Question | None) -> None:
        survey_id = self.survey.id
        if breakdown is None:
            stmt = select(func.count(Response.id), func.sum(Response.record_key)).where(Response.survey_id == survey_id)
            n, keys = db.session.execute(stmt).one()
            self.respondents[ALL], self.respondent_keys[ALL] = n or 0, int(keys or 0)
            return
        if band_question is None:
            group = Response.neighbourhood_id
            stmt = select(group, func.count(Response.id), func.sum(Response.record_key)).where(Response.survey_id == survey_id)
        else:
            # One band answer per respondent (a one-answer choice), carrying the sheet's record key:
            # the band question's own rows give each band; the rest of the sheets gave none.
            stmt = select(Answer.option, func.count(), func.sum(Answer.record_key)) \
                .where(Answer.question_id == band_question.id)
            group = Answer.option
            total, total_keys = db.session.execute(
                select(func.count(Response.id), func.sum(Response.record_key)).where(Response.survey_id == survey_id)).one()
            given = db.session.execute(stmt.group_by(group)).all()
            unstated = (total or 0) - sum(n for _v, n, _k in given)
            if unstated:
                self.respondents[None] = unstated
                self.respondent_keys[None] = int(total_keys or 0) - sum(int(k or 0) for _v, _n, k in given)
            for key, n, keys in given:
                self.respondents[key] = n
                self.respondent_keys[key] = int(keys or 0)
            return
        for key, n, keys in db.session.execute(stmt.group_by(group)):
            self.respondents[key] = n
            self.respondent_keys[key] = int(keys or 0)

    def cells_of(self, question_id: int, group) -> list[tuple]:
        """The (row, option) keys counted for one question in one group (an index built once, not a scan per call)."""
        if getattr(self, "_index", None) is None:
            index: dict = defaultdict(list)
            for qid, row, option, grp in self.counts:
                index[(qid, grp)].append((row, option))
            self._index = index
        return self._index.get((question_id, group), [])

    def options_seen(self, question_id: int) -> set:
        """The options counted for one question in any group (an index built once, not a scan of every count)."""
        if getattr(self, "_seen", None) is None:
            seen: dict = defaultdict(set)
            for qid, _row, option, _grp in self.counts:
                seen[qid].add(option)
            self._seen = seen
        return self._seen.get(question_id, set())

    def regroup(self, mapping: dict) -> None:
        """Merge groups for publication (e.g. small areas with a neighbour): {old group: new group}.

        Counts and key sums add up, since every record sits in one group only.
        """
        def move(table: dict, index: int) -> dict:
            moved: dict = defaultdict(int)
            for key, value in table.items():
                new = list(key) if isinstance(key, tuple) else [key]
                new[index] = mapping.get(new[index], new[index])
                moved[tuple(new) if isinstance(key, tuple) else new[0]] += value
            return moved

        self._index = self._seen = None
        self.counts, self.keys = move(self.counts, 3), move(self.keys, 3)
        self.bases, self.base_keys = move(self.bases, 1), move(self.base_keys, 1)
        self.respondents, self.respondent_keys = move(self.respondents, 0), move(self.respondent_keys, 0)
        sums: dict = {}
        for (qid, row, grp), (n, total, total_sq) in self.sums.items():
            keys, low, high = self.sum_extras[(qid, row, grp)]
            new = (qid, row, mapping.get(grp, grp))
            if new in sums:
                m, t, tt, kk, lo, hi = sums[new]
                sums[new] = (m + n, t + total, tt + total_sq, kk + keys, min(lo, low), max(hi, high))
            else:
                sums[new] = (n, total, total_sq, keys, low, high)
        self.sums = {key: v[:3] for key, v in sums.items()}
        self.sum_extras = {key: v[3:] for key, v in sums.items()}
