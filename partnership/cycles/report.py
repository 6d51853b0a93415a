"""The cycle report: what was done, what changed, what was learned (page, print, and the decision's text)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from partnership.cycles import comparison, engagement, lifecycle, problem_solving
from partnership.cycles.models import Cycle


@dataclass
class Report:
    cycle: Cycle
    phases: list
    training: list
    summary: engagement.Summary
    service: engagement.ServiceLevel
    signals: int
    priorities: list[tuple]  # (priority, assessment dict)
    comparison: comparison.Comparison
    next_needs: list[dict]


def build(cycle: Cycle, lang: str) -> Report:
    """Everything the report shows; survey figures only as the comparison publishes them."""
    compared = comparison.compare(cycle, lang, by_area=False)
    return Report(
        cycle=cycle, phases=lifecycle.phases(cycle), training=lifecycle.training_items(cycle),
        summary=engagement.summary(cycle), service=engagement.service_level(cycle), signals=len(cycle.signals),
        priorities=[(p, problem_solving.assessment(p, compared)) for p in cycle.priorities],
        comparison=compared, next_needs=lifecycle.needs_for_next_cycle(cycle),
    )


def _fmt(change) -> str:
    if change.difference is None:
        return _("not shown")
    scale = 100 if change.indicator.measure == "share" else 1
    unit = _(" points") if change.indicator.measure == "share" else ""
    d = change.difference
    return f"{d.estimate * scale:+.1f}{unit} ({d.low * scale:+.1f} … {d.high * scale:+.1f})"


def report_text(cycle: Cycle, lang: str = "en") -> str:
    """The plain-text report recorded with the decision that adopts it."""
    report = build(cycle, lang)
    lines = [_("Evaluation cycle %(n)d, %(start)s to %(end)s", n=cycle.number, start=cycle.starts_on.isoformat(),
               end=cycle.ends_on.isoformat()), ""]
    lines.append(_("What was done"))
    done = sum(1 for t in report.training if t.completed_on)
    lines.append("- " + _("Training: %(done)d of %(total)d completed", done=done, total=len(report.training)))
    lines.append("- " + _("Engagement: %(offline)d offline and %(online)d online activities, %(contacts)d contacts",
                          offline=report.summary.offline, online=report.summary.online,
                          contacts=report.summary.contacts))
    lines.append("- " + _("Online signals referred: %(n)d", n=report.signals))
    for priority, result in report.priorities:
        lines.append("- " + f"{priority.title}: {result['verdict_label']}")
    lines += ["", _("What changed")]
    for change in report.comparison.overall:
        lines.append("- " + f"{change.indicator.label}: {_fmt(change)}")
    for indicator in cycle.indicators:
        if indicator.source == "count" and indicator.follow_up_value is not None:
            lines.append("- " + f"{indicator.title}: {indicator.baseline_value} → {indicator.follow_up_value}")
    lines += ["", _("What was learned"), cycle.lessons or "", "", _("Needs carried into the next cycle")]
    lines += [f"{n['rank']}. {n['title']}" + (f" ({lifecycle.need_note(n)})" if n.get("note") else "")
              for n in report.next_needs]
    return "\n".join(lines)[:19000]
