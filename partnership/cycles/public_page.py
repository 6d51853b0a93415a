"""“You said, we did”: what residents asked for, what the partnership did, what changed, per neighbourhood.

No personal data: priorities and their actions (what, status and dates, not who),
and survey changes only as the comparison publishes them (disclosure control on
both rounds and on the difference). A group can switch its page off.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from partnership.cycles import comparison, problem_solving
from partnership.cycles.engagement import settings_for
from partnership.cycles.models import Cycle
from partnership.extensions import db
from partnership.groups.models import SecurityGroup, group_neighbourhood
from partnership.neighbourhoods.models import Neighbourhood

CSV_FIELDS = ["neighbourhood", "group", "cycle", "priority", "priority_status", "verdict", "action", "action_status",
              "deadline", "done_on", "closed_on"]


@dataclass
class PublicPriority:
    title: str
    status: str
    verdict: str
    verdict_label: str
    closed_on: str | None
    actions: list[dict]


@dataclass
class PublicCycle:
    group: SecurityGroup
    cycle: Cycle
    needs: list[dict]
    priorities: list[PublicPriority]
    changes: list[comparison.Change] = field(default_factory=list)


def groups_publishing(neighbourhood: Neighbourhood) -> list[SecurityGroup]:
    """The groups covering a neighbourhood that keep their public page on and have a cycle."""
    groups = db.session.scalars(select(SecurityGroup).join(group_neighbourhood).where(
        group_neighbourhood.c.neighbourhood_id == neighbourhood.id).order_by(SecurityGroup.name)).all()
    return [g for g in groups if settings_for(g).public_page and _latest_cycle(g) is not None]


def _latest_cycle(group) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.group_id == group.id).order_by(Cycle.number.desc()).limit(1))


def languages(neighbourhood: Neighbourhood, app_languages: list[str]) -> list[str]:
    """The page's languages: those the groups' surveys asked residents in, as far as the interface has them."""
    found: list[str] = []
    for group in groups_publishing(neighbourhood):
        for cycle in (_latest_cycle(group),):
            survey = cycle.baseline_survey if cycle else None
            for lang in (survey.languages if survey else []):
                if lang in app_languages and lang not in found:
                    found.append(lang)
    return found or list(app_languages)


def page(neighbourhood: Neighbourhood, lang: str) -> list[PublicCycle]:
    """For each publishing group, its latest cycles (closed and open), newest first, with public facts only."""
    out = []
    for group in groups_publishing(neighbourhood):
        cycles = db.session.scalars(select(Cycle).where(Cycle.group_id == group.id)
                                    .order_by(Cycle.number.desc()).limit(2)).all()
        for cycle in cycles:
            compared = comparison.compare(cycle, lang) if cycle.follow_up_survey_id else None
            priorities = []
            for p in cycle.priorities:
                result = problem_solving.assessment(p, compared)
                priorities.append(PublicPriority(
                    p.title, p.status, result["verdict"], result["verdict_label"],
                    p.closed_at.date().isoformat() if p.closed_at else None,
                    [{"description": a.description, "status": a.status, "status_label":
                      str(problem_solving.ACTION_LABELS.get(a.status, a.status)),
                      "deadline": a.deadline.isoformat() if a.deadline else None,
                      "done_on": a.done_on.isoformat() if a.done_on else None} for a in p.actions]))
            changes = []
            if compared is not None:
                # The neighbourhood's own change when published, else the whole area's.
                local = {c.indicator.id: c for c in compared.by_area.get(neighbourhood.id, [])}
                for change in compared.overall:
                    mine = local.get(change.indicator.id)
                    changes.append(mine if mine is not None and mine.difference is not None else change)
            out.append(PublicCycle(group, cycle, [{"title": _need_title(n, lang), "rank": n.get("rank")}
                                                  for n in cycle.needs], priorities, changes))
    return out


def _need_title(need: dict, lang: str) -> str:
    from assessments import bank

    key = need.get("key")
    if key and key != "custom":
        translated = bank.need_title(key, lang)
        if translated and translated != key:
            return translated
    return need.get("title", "")


def open_data_rows(neighbourhood: Neighbourhood, lang: str) -> list[dict]:
    """One row per action (or per priority without actions): priority, action, status, dates."""
    rows = []
    for block in page(neighbourhood, lang):
        for p in block.priorities:
            base = {"neighbourhood": neighbourhood.name, "group": block.group.name, "cycle": block.cycle.number,
                    "priority": p.title, "priority_status": p.status, "verdict": p.verdict, "closed_on": p.closed_on}
            for action in p.actions or [None]:
                rows.append({**base, "action": action["description"] if action else None,
                             "action_status": action["status"] if action else None,
                             "deadline": action["deadline"] if action else None,
                             "done_on": action["done_on"] if action else None})
    return rows


def as_csv(rows: list[dict]) -> str:
    """CSV for spreadsheets; cells starting with = + - @ are quoted as text (no formula injection)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v) for k, v in row.items()})
    return buffer.getvalue()
