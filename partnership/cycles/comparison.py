"""The follow-up round: the baseline survey asked again, compared indicator by indicator.

Every figure comes from what `assessments.results` publishes (its disclosure
control decides): a share is the sum of published option counts over the published
base, a mean is the published n, mean and interval. When either round does not
publish a figure, there is no difference to show either.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnership.cycles.errors import CycleError
from partnership.cycles.intervals import Difference, difference_of_means, difference_of_proportions, sd_from_interval
from partnership.cycles.models import Cycle, Indicator
from partnership.extensions import db

# The standard indicators (DOMAIN.md): each names the bank item it is read from.
STANDARD = {
    "confidence": {"title": _l("Confidence in the local police (agree or strongly agree)"), "module": "police",
                   "question_code": "police_confidence", "measure": "share",
                   "options": ["strongly_agree", "agree"], "higher_is_better": True},
    "effectiveness": {"title": _l("How good a job the police do at preventing crime (mean, 0–10)"),
                      "module": "police", "question_code": "police_effective", "measure": "mean",
                      "higher_is_better": True},
    "fairness_respect": {"title": _l("Procedural fairness: police treat people with respect (mean, 1–4)"),
                         "module": "police", "question_code": "police_respect", "measure": "mean",
                         "higher_is_better": True},
    "fairness_decisions": {"title": _l("Procedural fairness: fair, impartial decisions (mean, 1–4)"),
                           "module": "police", "question_code": "police_fair", "measure": "mean",
                           "higher_is_better": True},
    "cohesion": {"title": _l("Collective efficacy: neighbours willing to help (mean, 1–5)"), "module": "efficacy",
                 "question_code": "cohesion", "row": "help", "measure": "mean", "higher_is_better": True},
    "control": {"title": _l("Collective efficacy: neighbours would step in at a fight (mean, 1–5)"),
                "module": "efficacy", "question_code": "social_control", "row": "fight", "measure": "mean",
                "higher_is_better": True},
    "disorder": {"title": _l("Perceived disorder: %(problem)s is a big problem"), "module": "problems",
                 "question_code": "problems", "measure": "share", "options": ["very_big", "fairly_big"],
                 "higher_is_better": False},
}


@dataclass
class Figure:
    """One published figure of one round: a share (count of base) or a mean (n, interval)."""

    value: float
    base: int
    count: int | None = None
    low: float | None = None
    high: float | None = None

    def shown(self, measure: str) -> float:
        return self.value * 100 if measure == "share" else self.value


@dataclass
class Change:
    indicator: Indicator
    area: int | None  # neighbourhood id, None for the whole survey
    baseline: Figure | None
    follow_up: Figure | None
    difference: Difference | None = None
    reason: str = ""

    @property
    def direction(self) -> str:
        """improved, worsened or no_change (not significant at 95%), or unknown."""
        if self.difference is None:
            return "unknown"
        if not self.difference.significant:
            return "no_change"
        better = (self.difference.estimate > 0) == bool(self.indicator.higher_is_better)
        return "improved" if better else "worsened"

    def as_dict(self) -> dict:
        scale = 100 if self.indicator.measure == "share" else 1
        diff = self.difference
        return {
            "indicator_id": self.indicator.id, "indicator": self.indicator.label, "measure": self.indicator.measure,
            "neighbourhood_id": self.area,
            "baseline": None if self.baseline is None else {"value": self.baseline.shown(self.indicator.measure),
                                                            "base": self.baseline.base},
            "follow_up": None if self.follow_up is None else {"value": self.follow_up.shown(self.indicator.measure),
                                                              "base": self.follow_up.base},
            "difference": None if diff is None else {"estimate": diff.estimate * scale, "ci_low": diff.low * scale,
                                                     "ci_high": diff.high * scale, "method": diff.method,
                                                     "significant": diff.significant},
            "direction": self.direction, "not_shown_because": self.reason or None,
        }


@dataclass
class Comparison:
    cycle: Cycle
    overall: list[Change] = field(default_factory=list)
    by_area: dict[int, list[Change]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _k() -> int:
    return int(current_app.config.get("SMALL_CELL_MIN", 5))


def _share_figure(options, positive: list[str]) -> Figure | None:
    chosen = [o for o in options if o.value in positive]
    if not chosen or any(o.share.count is None or o.share.base is None for o in chosen):
        return None
    base = chosen[0].share.base
    if not base:
        return None
    count = sum(o.share.count for o in chosen)
    return Figure(count / base, base, count=min(count, base))


def _mean_figure(mean) -> Figure | None:
    if mean is None or mean.mean is None or not mean.n or mean.low is None or mean.high is None:
        return None
    return Figure(mean.mean, mean.n, low=mean.low, high=mean.high)


def overall_figure(results: list, indicator: Indicator) -> Figure | None:
    """An indicator's published figure from `assessments.results.overall` output; None if not published."""
    result = next((r for r in results if r.question.code == indicator.question_code), None)
    if result is None or result.base is None:
        return None
    if indicator.row:
        row = next((r for r in result.rows if r.value == indicator.row), None)
        if row is None:
            return None
        return _share_figure(row.options, indicator.options) if indicator.measure == "share" else _mean_figure(row.mean)
    return _share_figure(result.options, indicator.options) if indicator.measure == "share" else _mean_figure(result.mean)


def area_figures(tables: list, indicator: Indicator) -> dict[int, Figure | None]:
    """Per neighbourhood, the indicator's published figure from `assessments.results.breakdown` tables."""
    figures: dict[int, Figure | None] = {}
    for table in tables:
        if table.question.code != indicator.question_code or table.measure != indicator.measure:
            continue
        for g_key, _label in table.groups:
            if g_key is None:
                continue
            if indicator.measure == "share":
                if indicator.row:
                    continue  # grids are split by neighbourhood as means only
                base = table.bases.get(g_key)
                cells = [table.cells.get((g_key, o)) for o in indicator.options]
                if base is None or not base or any(c is None or c.count is None for c in cells):
                    figures[g_key] = None
                else:
                    count = sum(c.count for c in cells)
                    figures[g_key] = Figure(count / base, base, count=min(count, base))
            else:
                cell = table.cells.get((g_key, indicator.row or "mean"))
                figures[g_key] = _mean_figure(cell)
    return figures


def difference(indicator: Indicator, baseline: Figure | None, follow_up: Figure | None) -> tuple[Difference | None, str]:
    """Follow-up minus baseline, or why it is not shown."""
    if baseline is None or follow_up is None:
        return None, _("Not published in both rounds (too few answers, or hidden to protect a small figure).")
    k = _k()
    if baseline.base < k or follow_up.base < k:
        return None, _("Fewer than %(k)d answers in a round.", k=k)
    if indicator.measure == "share":
        return difference_of_proportions(follow_up.count, follow_up.base, baseline.count, baseline.base), ""
    if baseline.base < 2 or follow_up.base < 2:
        return None, _("Too few answers to compare means.")
    return difference_of_means(
        follow_up.value, sd_from_interval(follow_up.base, follow_up.low, follow_up.high), follow_up.base,
        baseline.value, sd_from_interval(baseline.base, baseline.low, baseline.high), baseline.base), ""


def comparable_questions(cycle: Cycle) -> set[str]:
    """Codes asked in both rounds with the same meaning (a changed question is not compared)."""
    from assessments.builder import same_meaning

    if cycle.baseline_survey is None or cycle.follow_up_survey is None:
        return set()
    follow = {q.code: q for q in cycle.follow_up_survey.questions}
    return {q.code for q in cycle.baseline_survey.questions if q.code in follow and same_meaning(q, follow[q.code])}


def compare(cycle: Cycle, lang: str, *, by_area: bool = True) -> Comparison:
    """Each survey indicator of the cycle: baseline, follow-up and the difference, overall and per neighbourhood."""
    from assessments import results

    comparison = Comparison(cycle)
    if cycle.baseline_survey is None or cycle.follow_up_survey is None:
        comparison.problems.append(_("Compare rounds once the cycle has a baseline survey and a follow-up round."))
        return comparison
    k = _k()
    survey_indicators = [i for i in cycle.indicators if i.source == "survey"]
    comparable = comparable_questions(cycle)
    first = results.overall(cycle.baseline_survey, lang, k)
    second = results.overall(cycle.follow_up_survey, lang, k)
    names = {n.id: n.name for n in cycle.group.neighbourhoods}
    tables = (results.breakdown(cycle.baseline_survey, "neighbourhood", lang, k, names),
              results.breakdown(cycle.follow_up_survey, "neighbourhood", lang, k, names)) if by_area else ([], [])
    for indicator in survey_indicators:
        if indicator.question_code not in comparable:
            comparison.problems.append(_("“%(title)s” is not compared: its question is not asked the same way in both "
                                         "rounds.", title=indicator.label))
            continue
        before, after = overall_figure(first, indicator), overall_figure(second, indicator)
        diff, reason = difference(indicator, before, after)
        comparison.overall.append(Change(indicator, None, before, after, diff, reason))
        if by_area:
            areas_before, areas_after = area_figures(tables[0], indicator), area_figures(tables[1], indicator)
            for area in names:
                b, a = areas_before.get(area), areas_after.get(area)
                diff, reason = difference(indicator, b, a)
                comparison.by_area.setdefault(area, []).append(Change(indicator, area, b, a, diff, reason))
    return comparison


def map_values(comparison: Comparison, indicator_id: int) -> dict[int, float | None]:
    """Per neighbourhood, the published change of one indicator (points or units), None where not shown."""
    values: dict[int, float | None] = {}
    for area, changes in comparison.by_area.items():
        change = next((c for c in changes if c.indicator.id == indicator_id), None)
        if change is None or change.difference is None:
            values[area] = None
        else:
            scale = 100 if change.indicator.measure == "share" else 1
            values[area] = round(change.difference.estimate * scale, 1)
    return values


def indicator_label(indicator: Indicator) -> str:
    """A standard indicator's title in the reader's language; the group's own wording otherwise."""
    from flask_babel import get_locale

    from assessments import bank

    spec = STANDARD.get(indicator.standard or "")
    if spec is None:
        return indicator.title
    if indicator.standard == "disorder":
        return str(_l("Perceived disorder: %(problem)s is a big problem",
                      problem=bank.need_title(indicator.row or "", str(get_locale()))))
    return str(spec["title"])


def standard_offer(cycle: Cycle, lang: str) -> list[dict]:
    """The standard indicators with whether the baseline survey asks them (and what to add if not)."""
    from assessments import bank

    asked = {q.code: q for q in (cycle.baseline_survey.questions if cycle.baseline_survey else [])}
    taken = {(i.question_code, i.row, tuple(i.options or [])) for i in cycle.indicators}
    offers = []
    for key, spec in STANDARD.items():
        module = bank.module(spec["module"])
        module_title = (module["title"].get(lang) or module["title"]["en"]) if module else spec["module"]
        rows = [spec.get("row")]
        if key == "disorder":
            wanted = {p.need_key for p in cycle.priorities}
            question = asked.get("problems")
            rows = [r["value"] for r in (question.config.get("rows") or [])] if question else [None]
            rows = [r for r in rows if r in wanted] or rows[:1]
        for row in rows:
            title = str(spec["title"])
            if key == "disorder":
                title = str(_l("Perceived disorder: %(problem)s is a big problem",
                               problem=bank.need_title(row, lang) if row else "…"))
            offers.append({
                "key": key, "row": row, "title": title, "asked": spec["question_code"] in asked,
                "module": module_title,
                "taken": (spec["question_code"], row, tuple(spec.get("options", []))) in taken,
            })
    return offers


def add_standard(cycle: Cycle, key: str, row: str | None, lang: str, *, priority_id: int | None = None) -> Indicator:
    """Add a standard indicator read from the baseline survey, with its published baseline value."""
    from assessments import bank, results

    spec = STANDARD.get(key)
    if spec is None:
        raise CycleError(_("There is no standard indicator called “%(key)s”.", key=key))
    survey = cycle.baseline_survey
    if survey is None or not any(q.code == spec["question_code"] for q in survey.questions):
        module = bank.module(spec["module"])
        title = (module["title"].get(lang) or module["title"]["en"]) if module else spec["module"]
        raise CycleError(_("The baseline survey does not ask this. Add the bank module “%(module)s” to the next "
                           "baseline survey (a follow-up round keeps the baseline's questions).", module=title))
    row = row or spec.get("row")
    title = str(spec["title"]) if key != "disorder" else str(
        _l("Perceived disorder: %(problem)s is a big problem", problem=bank.need_title(row or "", lang)))
    indicator = Indicator(cycle_id=cycle.id, priority_id=priority_id, title=title[:200], source="survey",
                          standard=key, question_code=spec["question_code"], row=row, measure=spec["measure"],
                          options=list(spec.get("options", [])), higher_is_better=spec["higher_is_better"])
    figure = overall_figure(results.overall(survey, lang, _k()), indicator)
    indicator.baseline_value = round(figure.shown(indicator.measure), 2) if figure else None
    db.session.add(indicator)
    db.session.commit()
    return indicator


def add_count_indicator(cycle: Cycle, *, title: str, baseline: float | None, target: float | None,
                        higher_is_better: bool, priority_id: int | None = None) -> Indicator:
    """A count the group enters itself (reports received, lights repaired, ...)."""
    title = (title or "").strip()
    if not title:
        raise CycleError(_("Name the indicator."), field="title")
    indicator = Indicator(cycle_id=cycle.id, priority_id=priority_id, title=title[:200], source="count",
                          measure="count", baseline_value=baseline, target_value=target,
                          higher_is_better=higher_is_better)
    db.session.add(indicator)
    db.session.commit()
    return indicator


def start_follow_up(cycle: Cycle, user) -> object:
    """Ask the baseline survey again: a copy with the same questions, linked to the cycle as its follow-up round."""
    from assessments.builder import copy_for_follow_up

    if cycle.baseline_survey is None:
        raise CycleError(_("Choose the cycle's baseline survey first."))
    if cycle.follow_up_survey is not None:
        raise CycleError(_("This cycle already has a follow-up round."))
    survey = copy_for_follow_up(cycle.baseline_survey, user)
    cycle.follow_up_survey_id = survey.id
    db.session.commit()
    return survey
