"""How much the disclosure control publishes, and how far it moves the figures, against the method it replaced.

    python bench/disclosure_bench.py [--quick]

Two data sets, each in a temporary SQLite database:

- the demo (`seed-demo`: Marvila 387 answers, Beato 3, about 10 not stated);
- a synthetic city of 24 neighbourhoods with skewed sizes (answers per neighbourhood
  fall off as 1/rank^2, from about 1,500 down to two or three).

For every figure of the neighbourhood breakdown (each neighbourhood x question x option
of the choice, multiple-choice and ranking questions) and of the overall results, it
prints the share of cells published (a percentage is shown) and the mean absolute
perturbation of the published counts (|published - true|), for:

- the baseline, measured in the same run: primary + complementary suppression as `main`
  had it before issue 9 (a compact copy below, used nowhere else): exact counts, hidden
  cells;
- the cell-key method with small areas merged (`assessments.results`).

In the runner's table: share of cells published, cell key against the old suppression
(a ratio above 1 means more figures published); the perturbation is in the note.
"""
from __future__ import annotations

import os
import random
import sys
import time
from collections import defaultdict
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import bench_app, standalone  # noqa: E402

# Publication shares, not speed: nothing to add on PostgreSQL.
POSTGRES = False

K = 5
KINDS = {"choice", "multi", "ranking"}


# -- the replaced method, kept only as the baseline ------------------------------------------

def _suppress(values, lines, k, *, forced=(), locked=()):
    lines = [(list(members), total) for members, total in lines]
    locked = set(locked)
    hidden = {key for key, value in values.items() if 0 < value < k} | set(forced)
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if total in hidden:
                continue
            hidden_sum = sum(values[m] for m in members if m in hidden)
            if hidden_sum == 0 or hidden_sum >= k:
                continue
            candidates = [m for m in members if m not in hidden and m not in locked and values[m] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda m: (values[m], str(m))))
                changed = True
            elif total not in locked:
                hidden.add(total)
                changed = True
    return hidden


def _old_overall_hidden(counts: dict, base: int, k: int, additive: bool) -> set:
    if 0 < base < k:
        return set(counts) | {"__base__"}
    values = dict(counts)
    values["__base__"] = base
    return _suppress(values, [(list(counts), "__base__")] if additive else [], k, locked={"__base__"})


def _old_table_hidden(cells, groups, columns, bases, totals, grand, k, additive, locked_hidden):
    values = {("cell", g, c): cells.get((g, c), 0) for g in groups for c in columns}
    values.update({("base", g): bases.get(g, 0) for g in groups})
    values.update({("col", c): totals.get(c, 0) for c in columns})
    values[("grand",)] = grand
    locked = {("col", c) for c in columns} | {("grand",)}
    small = {("base", g) for g in groups if 0 < values[("base", g)] < k}
    group_hidden = _suppress({key: values[key] for key in values if key[0] in {"base", "grand"}},
                             [([("base", g) for g in groups], ("grand",))], k, forced=small, locked={("grand",)})
    hidden_groups = {key[1] for key in group_hidden if key[0] == "base"}
    forced = {("cell", g, c) for g in hidden_groups for c in columns} | {("base", g) for g in hidden_groups}
    forced |= {("col", c) for c in locked_hidden}
    lines = [([("cell", g, c) for g in groups], ("col", c)) for c in columns]
    lines.append(([("base", g) for g in groups], ("grand",)))
    if additive:
        lines += [([("cell", g, c) for c in columns], ("base", g)) for g in groups if g not in hidden_groups]
    hidden = _suppress(values, lines, k, forced=forced, locked=locked - {("col", c) for c in locked_hidden})
    hidden_groups |= {key[1] for key in hidden if key[0] == "base"}
    return {(key[1], key[2]) for key in hidden if key[0] == "cell"}, hidden_groups


# -- measuring ------------------------------------------------------------------------------

def _true_cells(agg, question, group):
    from assessments.question_types import get_type

    counts = defaultdict(int)
    ranking = get_type(question.type).aggregation == "ranking"
    for row, option in agg.cells_of(question.id, group):
        counts[row if ranking else option] += agg.counts[(question.id, row, option, group)]
    return counts


def compare(survey) -> dict:
    """Cells published and mean |perturbation|, overall and by neighbourhood, old method and cell key (and their time)."""
    from assessments import results
    from assessments.aggregates import ALL, NEIGHBOURHOOD, Aggregates
    from assessments.question_types import get_type

    names = {n.id: n.name for n in survey.group.neighbourhoods}
    total, split = Aggregates(survey), Aggregates(survey, NEIGHBOURHOOD)
    questions = [q for q in survey.questions if get_type(q.type).aggregation in KINDS]
    groups = sorted(set(names) | {key[3] for key in split.counts}, key=lambda g: (g is None, str(g)))
    old = {"cells": 0, "shown": 0}
    new = {"cells": 0, "shown": 0, "abs": 0.0, "n": 0, "abs_k": 0.0, "n_k": 0}
    started = time.perf_counter()
    published_overall = {r.question.id: r for r in results.overall(survey, "en", K)}
    tables = {t.question.id: t for t in results.breakdown(survey, NEIGHBOURHOOD, "en", K, names) if t.measure == "share"}
    new_seconds = time.perf_counter() - started
    old_seconds = 0.0
    for question in questions:
        kind = get_type(question.type).aggregation
        options = [o["value"] for o in get_type(question.type).options(question)]
        overall_true = _true_cells(total, question, ALL)
        base = total.bases.get((question.id, ALL), 0)
        tick = time.perf_counter()
        hidden_overall = _old_overall_hidden({c: overall_true.get(c, 0) for c in options}, base, K, kind == "choice")
        per_group = {g: _true_cells(split, question, g) for g in groups}
        cells = {(g, c): per_group[g].get(c, 0) for g in groups for c in options}
        bases = {g: split.bases.get((question.id, g), 0) for g in groups}
        totals = {c: overall_true.get(c, 0) for c in options}
        if "__base__" in hidden_overall:
            hidden_cells, hidden_groups = set(cells), set(groups)
        else:
            hidden_cells, hidden_groups = _old_table_hidden(cells, groups, options, bases, totals, base, K,
                                                            kind == "choice", [c for c in options if c in hidden_overall])
        old_seconds += time.perf_counter() - tick
        # Overall cells.
        result = published_overall[question.id]
        for option in result.options:
            old["cells"] += 1
            old["shown"] += option.value not in hidden_overall and "__base__" not in hidden_overall
            new["cells"] += 1
            new["shown"] += option.share.publishable
            _add_error(new, option.share.count, overall_true.get(option.value, 0))
        # Neighbourhood cells: one per neighbourhood (or "not stated") and option.
        table = tables[question.id]
        area_of = {nid: g for g, _l in table.groups for nid in table.members.get(g, [g])}
        for g in groups:
            for c in options:
                old["cells"] += 1
                old["shown"] += (g, c) not in hidden_cells and g not in hidden_groups
                area = area_of.get(g, g)
                new["cells"] += 1
                new["shown"] += table.cells[(area, c)].publishable
        for area, _label in table.groups:
            members = table.members.get(area, [area])
            for c in options:
                _add_error(new, table.cells[(area, c)].count, sum(cells.get((m, c), 0) for m in members))
    return {"old": old, "new": new, "old_seconds": old_seconds, "new_seconds": new_seconds, "areas": len(names)}


def _add_error(figures: dict, published: int, true: int) -> None:
    figures["abs"] += abs(published - true)
    figures["n"] += 1
    if true >= K:
        figures["abs_k"] += abs(published - true)
        figures["n_k"] += 1


def report(name: str, survey, respondents: int, database_url: str | None) -> dict:
    from assessments import results

    started = time.perf_counter()
    figures = compare(survey)
    old, new = figures["old"], figures["new"]
    plan = results.area_plan(survey, K)
    merged = [plan.labels[key] for key in plan.merged]
    print(f"\n{name}: {respondents} answer sheets, {figures['areas']} neighbourhoods, k = {K} "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    print(f"  publication areas: {len(plan.members)}; merged: {', '.join(merged) if merged else 'none'}", file=sys.stderr)
    print(f"  {'method':48} {'cells':>7} {'published':>10} {'mean |perturbation|':>20} {'(counts >= k)':>14}"
          f" {'time':>8}", file=sys.stderr)
    print(f"  {'baseline: primary + complementary suppression':48} {old['cells']:7d} "
          f"{100 * old['shown'] / old['cells']:9.1f}% {'0 (exact)':>20} {'0 (exact)':>14}"
          f" {figures['old_seconds'] * 1000:6.0f}ms", file=sys.stderr)
    print(f"  {'cell-key method, small areas merged':48} {new['cells']:7d} "
          f"{100 * new['shown'] / new['cells']:9.1f}% {new['abs'] / new['n']:20.2f} {new['abs_k'] / max(1, new['n_k']):14.2f}"
          f" {figures['new_seconds'] * 1000:6.0f}ms", file=sys.stderr)
    old_share, new_share = old["shown"] / old["cells"], new["shown"] / new["cells"]
    return {"figure": f"cells published, {name} ({respondents:,} sheets, {figures['areas']} areas): cell key vs suppression",
            "database": "sqlite", "ours": f"{100 * new_share:.1f}%", "baseline": f"{100 * old_share:.1f}%",
            "ratio": round(new_share / old_share, 2), "goal": ">= 1x (more published)", "met": new_share >= old_share,
            "note": f"mean |perturbation| {new['abs'] / new['n']:.2f} (counts >= k: {new['abs_k'] / max(1, new['n_k']):.2f}); "
                    "suppression publishes exact counts"}


# -- data sets -------------------------------------------------------------------------------

def city(responses: int, seed: int = 24):
    """24 neighbourhoods, answers per neighbourhood falling off as 1/rank^2; no boundaries (merges by size)."""
    from assessments import builder
    from assessments.answering import validate
    from assessments.demo import _full, _value
    from assessments.disclosure import new_record_key
    from assessments.models import Answer, Channel, Response
    from assessments.question_types import get_type
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup
    from partnership.neighbourhoods.models import Municipality, Neighbourhood

    municipality = Municipality(name="Synthetic city", code="SC")
    db.session.add(municipality)
    areas = [Neighbourhood(municipality=municipality, name=f"Area {i + 1:02d}", code=f"SC{i:02d}") for i in range(24)]
    group = SecurityGroup(name="City group", municipality=municipality)
    group.neighbourhoods = areas
    db.session.add(group)
    db.session.commit()
    survey = builder.create_survey(group, title={"en": "City"}, languages=["en"],
                                   modules=["safety", "problems", "victimisation", "police", "online", "priorities", "about"])
    builder.set_status(survey, "open")
    weights = [1 / (rank + 1) ** 2 for rank in range(24)]
    scale = responses / sum(weights)
    sizes = [max(2, round(w * scale)) for w in weights]
    rng = random.Random(seed)
    questions = list(survey.questions)
    rows = []
    for area, size in zip(areas, sizes):
        for _ in range(size):
            raw = {q.code: _value(q, rng) for q in questions}
            clean, _errors = validate(questions, raw)
            response = Response(survey_id=survey.id, neighbourhood_id=area.id, channel=Channel.LINK, language="en",
                                submitted_on=date.today(), submission_key=f"{area.code}-{len(rows)}-{rng.random()}",
                                record_key=new_record_key())
            db.session.add(response)
            db.session.flush()
            for q in questions:
                if q.code in clean:
                    for row in get_type(q.type).to_rows(q, clean[q.code]):
                        rows.append({"response_id": response.id, "question_id": q.id, "neighbourhood_id": area.id,
                                     "record_key": response.record_key, **row})
    db.session.execute(Answer.__table__.insert(), [_full(r) for r in rows])
    db.session.commit()
    return survey, sum(sizes)


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    from sqlalchemy import func, select

    from partnership.extensions import db

    with bench_app(None, SMALL_CELL_MIN=K) as (app, _folder), app.test_request_context():
        from assessments.models import Response, Survey
        from partnership.demo import seed_demo

        rows = []
        if not quick:  # seeding the whole demo is most of a quick run's time
            seed_demo()
            demo = db.session.scalar(select(Survey).order_by(Survey.id).limit(1))
            rows.append(report("demo", demo, db.session.scalar(select(func.count(Response.id)).where(
                Response.survey_id == demo.id)), database_url))
        survey, n = city(300 if quick else 2400)
        rows.append(report("synthetic city", survey, n, database_url))
    return rows


if __name__ == "__main__":
    standalone(measure, __doc__)
