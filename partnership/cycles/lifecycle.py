"""A cycle's life: opening with a needs list, the training phase, the phase rules, closing and the next cycle.

Steps 3 and 4 are read only through their public modules (`partnership.profiles.public`,
`partnership.teams.public`), imported inside functions so this package imports on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnership.audit import log_event
from partnership.cycles.engagement import service_level
from partnership.cycles.errors import CycleError
from partnership.cycles.models import (
    Channel,
    Cycle,
    CycleStatus,
    CycleTraining,
    PlanCompletion,
    Priority,
    PriorityAction,
    PriorityStatus,
)
from partnership.dbtypes import utcnow
from partnership.extensions import db

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
PERIODS = (6, 12)
TRAINING_MODES = {"classroom": _l("Classroom"), "online": _l("Online"), "blended": _l("Blended"),
                  "on_the_job": _l("On the job")}


def group_cycles(group) -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.group_id == group.id).order_by(Cycle.number.desc())))


def current_cycle(group) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.group_id == group.id, Cycle.status == CycleStatus.OPEN)
                             .order_by(Cycle.number.desc()).limit(1))


def _needs_from_adopted(group) -> list[dict]:
    from assessments.needs import adopted_list

    needs_list = adopted_list(group)
    if needs_list is None:
        return []
    return [{"key": n.key, "title": n.title, "rank": n.rank, "note": "",
             "evidence": [f"{e.get('question', '')}: {e.get('option', '')} ({round(100 * e['pct'])}%)"
                          for e in (n.evidence or [])[:3] if e.get("pct") is not None]}
            for n in sorted(needs_list.needs, key=lambda n: n.rank)]


def _baseline_survey_id(group) -> int | None:
    from assessments.needs import adopted_list

    needs_list = adopted_list(group)
    return needs_list.survey_id if needs_list is not None else None


def open_cycle(group, *, starts_on: date, months: int, user, baseline_survey_id: int | None = None) -> Cycle:
    """Open the group's next cycle: its needs come from the last cycle's report, or from the adopted needs list."""
    if months not in PERIODS:
        raise CycleError(_("A cycle lasts six or twelve months."), field="months")
    if current_cycle(group) is not None:
        raise CycleError(_("Close the current cycle (adopt its report) before opening the next one."))
    previous = db.session.scalar(select(Cycle).where(Cycle.group_id == group.id).order_by(Cycle.number.desc()).limit(1))
    if previous is not None and starts_on < previous.starts_on:
        raise CycleError(_("The new cycle cannot start before the previous one."), field="starts_on")
    needs = needs_for_next_cycle(previous) if previous is not None else _needs_from_adopted(group)
    if not needs:
        raise CycleError(_("Adopt a list of local security needs (Step 2) before opening a cycle."))
    if baseline_survey_id is None:
        baseline_survey_id = (previous.follow_up_survey_id or previous.baseline_survey_id) if previous \
            else _baseline_survey_id(group)
    if baseline_survey_id is not None:
        from assessments.models import Survey

        survey = db.session.get(Survey, baseline_survey_id)
        if survey is None or survey.group_id != group.id:
            raise CycleError(_("Choose one of this group's surveys."), field="baseline_survey_id")
    number = (db.session.scalar(select(func.max(Cycle.number)).where(Cycle.group_id == group.id)) or 0) + 1
    cycle = Cycle(group_id=group.id, number=number, starts_on=starts_on, months=months, needs=needs,
                  baseline_survey_id=baseline_survey_id, previous_id=previous.id if previous else None)
    db.session.add(cycle)
    db.session.flush()
    if previous is not None:
        _carry_over(previous, cycle)
    log_event("cycle.opened", actor=user, target=f"cycle:{cycle.id}",
              details={"group_id": group.id, "number": number, "months": months})
    db.session.commit()
    return cycle


def _carry_over(previous: Cycle, cycle: Cycle) -> None:
    """Unfinished training and still-active priorities continue in the new cycle; what was done stays done."""
    for training in previous.trainings:
        if training.completed_on is None:
            db.session.add(CycleTraining(cycle_id=cycle.id, title=training.title, who=training.who,
                                         days=training.days, mode=training.mode))
    for priority in previous.priorities:
        if priority.status != PriorityStatus.ACTIVE:
            continue
        carried = Priority(cycle_id=cycle.id, group_id=cycle.group_id, need_key=priority.need_key,
                           title=priority.title, neighbourhood_id=priority.neighbourhood_id,
                           scanning=priority.scanning, analysis=priority.analysis, carried_from_id=priority.id)
        db.session.add(carried)
        db.session.flush()
        for action in priority.actions:
            if action.status != "done":
                db.session.add(PriorityAction(priority_id=carried.id, description=action.description,
                                              owner=action.owner, deadline=action.deadline, status=action.status))


def needs_for_next_cycle(cycle: Cycle) -> list[dict]:
    """The needs list updated by the cycle: needs whose priority worked drop out, the rest carry over with a note."""
    from partnership.cycles import comparison, problem_solving

    try:
        compared = comparison.compare(cycle, "en", by_area=False)
    except Exception:  # noqa: BLE001 - a survey removed since: the needs still carry over, unmeasured
        compared = None
    verdicts: dict[str, str] = {}
    for priority in cycle.priorities:
        verdicts[priority.need_key if priority.need_key != "custom" else priority.title] = \
            problem_solving.assessment(priority, compared)["verdict"] if priority.status == PriorityStatus.CLOSED \
            else "active"
    notes = {"active": "active", problem_solving.DID_NOT_WORK: "did_not_work",
             problem_solving.NO_CONCLUSION: "no_conclusion", problem_solving.AWAITING_MEASURE: "measure_again"}
    carried, rank = [], 1
    ordered = sorted(cycle.needs, key=lambda n: (0 if verdicts.get(n.get("key") if n.get("key") != "custom"
                                                                    else n.get("title")) == "active" else 1,
                                                 n.get("rank", 99)))
    for need in ordered:
        key = need.get("key") if need.get("key") != "custom" else need.get("title")
        result = verdicts.get(key)
        if result == problem_solving.WORKED:
            continue
        carried.append({**need, "rank": rank, "note": notes.get(result, need.get("note", ""))})
        rank += 1
    for priority in cycle.priorities:  # priorities the group worded itself are needs too
        if priority.need_key == "custom" and priority.status == PriorityStatus.ACTIVE and \
                not any(n["title"] == priority.title for n in carried):
            carried.append({"key": "custom", "title": priority.title, "rank": rank, "note": "active"})
            rank += 1
    return carried


# Why a need carries over, kept as a code so every reader sees it in their own language.
NOTE_LABELS = {
    "active": _l("Still being worked on"),
    "did_not_work": _l("The response did not work: try another"),
    "no_conclusion": _l("Response not carried out: no conclusion yet"),
    "measure_again": _l("Carried out: measure again"),
}


def need_note(need: dict) -> str:
    """The translated reason a need was carried over ("" for none)."""
    label = NOTE_LABELS.get(need.get("note") or "")
    return str(label) if label else (need.get("note") or "")


# -- training --------------------------------------------------------------------

@dataclass
class TrainingItem:
    """One line of the training phase: a Step 4 plan item or training added for the cycle."""

    source: str  # "plan" or "cycle"
    id: int
    title: str
    who: str
    days: float
    mode: str
    completed_on: date | None


def team_plans(group) -> list:
    """Step 4's training plans for the group's current officers."""
    from partnership.teams.public import training_plans

    return list(training_plans(group))


def adopted_profile(group):
    """Step 3's adopted team profile (None until a profile is adopted)."""
    from partnership.profiles.public import adopted_profile as profile

    return profile(group)


def team_status(group):
    """Step 4's team status (None until a profile is adopted)."""
    from partnership.teams.public import team_status as status

    return status(group)


def training_items(cycle: Cycle) -> list[TrainingItem]:
    """Step 4's plans and the cycle's own training; completion recorded in any cycle carries over."""
    completions = {c.plan_item_id: c.completed_on for c in db.session.scalars(
        select(PlanCompletion).where(PlanCompletion.group_id == cycle.group_id))}
    items = []
    for plan in team_plans(cycle.group):
        who = " · ".join(x for x in (plan.role_title, plan.officer_label) if x)
        items.append(TrainingItem("plan", plan.plan_item_id, plan.course_title, who, plan.days, plan.mode,
                                  plan.completed_on or completions.get(plan.plan_item_id)))
    for training in cycle.trainings:
        items.append(TrainingItem("cycle", training.id, training.title, training.who, training.days, training.mode,
                                  training.completed_on))
    return items


def add_training(cycle: Cycle, *, title: str, who: str, days: float, mode: str) -> CycleTraining:
    title = (title or "").strip()
    if not title:
        raise CycleError(_("Name the training."), field="title")
    if days is None or days <= 0 or days > 365:
        raise CycleError(_("Days must be a number above 0."), field="days")
    if mode not in TRAINING_MODES:
        raise CycleError(_("Choose how the training is given."), field="mode")
    training = CycleTraining(cycle_id=cycle.id, title=title[:200], who=(who or "").strip()[:200], days=days, mode=mode)
    db.session.add(training)
    db.session.commit()
    return training


def complete_training(cycle: Cycle, *, source: str, item_id: int, completed_on: date) -> None:
    """Mark a training line completed (a Step 4 plan item is recorded here; Step 4 stays untouched)."""
    if completed_on > date.today():
        raise CycleError(_("The date cannot be in the future."), field="completed_on")
    if source == "cycle":
        training = db.session.get(CycleTraining, item_id)
        if training is None or training.cycle_id != cycle.id:
            raise CycleError(_("That training is not part of this cycle."))
        training.completed_on = completed_on
    elif source == "plan" and any(p.plan_item_id == item_id for p in team_plans(cycle.group)):
        existing = db.session.scalar(select(PlanCompletion).where(PlanCompletion.group_id == cycle.group_id,
                                                                  PlanCompletion.plan_item_id == item_id))
        if existing is None:
            db.session.add(PlanCompletion(group_id=cycle.group_id, cycle_id=cycle.id, plan_item_id=item_id,
                                          completed_on=completed_on))
    else:
        raise CycleError(_("That training is not part of this cycle."))
    db.session.commit()


# -- phases ----------------------------------------------------------------------

@dataclass
class Phase:
    key: str
    title: str
    state: str
    rule: str
    checklist: list[tuple[str, bool]] = field(default_factory=list)


PHASE_TITLES = {
    "training": _l("Training: community-policing skills"),
    "integration": _l("Community integration: on the street and online"),
    "needs": _l("Addressing needs through constant evaluation"),
}


def _state(checks: list[bool], started: bool) -> str:
    if checks and all(checks):
        return COMPLETE
    return IN_PROGRESS if started else NOT_STARTED


def phases(cycle: Cycle) -> list[Phase]:
    """The three phases with their state and what completes each."""
    items = training_items(cycle)
    done = [i for i in items if i.completed_on]
    training_checks = [(str(_l("The team has training planned (%(n)d items)", n=len(items))), bool(items)),
                       (str(_l("Every planned training is completed (%(done)d of %(total)d)",
                               done=len(done), total=len(items))), bool(items) and len(done) == len(items))]
    offline = sum(1 for a in cycle.activities if a.channel == Channel.OFFLINE)
    online = sum(1 for a in cycle.activities if a.channel == Channel.ONLINE)
    level = service_level(cycle)
    integration_checks = [
        (str(_l("Offline engagement logged (%(n)d activities)", n=offline)), offline > 0),
        (str(_l("Online engagement logged (%(n)d activities)", n=online)), online > 0),
        (str(_l("Online messages answered within %(days)d working days (at least 90%%)", days=level.target_days)),
         bool(level.met)),
    ]
    priorities = cycle.priorities
    closed = [p for p in priorities if p.status == PriorityStatus.CLOSED]
    needs_checks = [
        (str(_l("Priorities chosen from the needs list (%(n)d)", n=len(priorities))), bool(priorities)),
        (str(_l("Indicators with a baseline (%(n)d)", n=sum(1 for i in cycle.indicators
                                                            if i.baseline_value is not None))),
         any(i.baseline_value is not None for i in cycle.indicators)),
        (str(_l("Follow-up round asked")), cycle.follow_up_survey_id is not None),
        (str(_l("Every priority assessed and closed at a meeting (%(closed)d of %(total)d)",
                closed=len(closed), total=len(priorities))), bool(priorities) and len(closed) == len(priorities)),
    ]
    return [
        Phase("training", str(PHASE_TITLES["training"]), _state([c for _t, c in training_checks], bool(done)),
              str(_l("Complete when every training of the team's plans and of this cycle is done.")), training_checks),
        Phase("integration", str(PHASE_TITLES["integration"]),
              _state([c for _t, c in integration_checks], bool(cycle.activities) or bool(cycle.messages)),
              str(_l("Complete when the team engages both offline and online and the online channel meets its "
                     "answer target.")), integration_checks),
        Phase("needs", str(PHASE_TITLES["needs"]), _state([c for _t, c in needs_checks], bool(priorities)),
              str(_l("Complete when every priority has been assessed and closed by the group, with indicators "
                     "measured at baseline and follow-up.")), needs_checks),
    ]


def close_cycle(cycle: Cycle, *, meeting_id: int | None, method: str, lessons: str, user,
                votes_for: int | None = None, votes_against: int | None = None, votes_abstain: int | None = None):
    """Adopt the cycle report as a group decision and close the cycle; the next cycle carries its needs over."""
    from partnership.cycles.report import report_text
    from partnership.groups import decisions
    from partnership.groups.errors import GroupError

    if not cycle.is_open:
        raise CycleError(_("This cycle is already closed."))
    lessons = (lessons or "").strip()
    if not lessons:
        raise CycleError(_("Write down what the cycle taught the group before adopting the report."), field="lessons")
    cycle.lessons = lessons
    try:
        decision = decisions.record(
            cycle.group, title=_("Adopt the report of evaluation cycle %(n)d", n=cycle.number), text=report_text(cycle),
            method=method, votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
            meeting_id=meeting_id, subject=f"cycle:{cycle.id}", recorded_by=user)
    except GroupError as error:
        db.session.rollback()
        raise CycleError(error.message, field=error.field) from None
    cycle.status = CycleStatus.CLOSED
    cycle.report_decision_id = decision.id
    cycle.closed_at = utcnow()
    log_event("cycle.closed", actor=user, target=f"cycle:{cycle.id}", details={"decision_id": decision.id})
    db.session.commit()
    return decision


def update_settings(group, *, max_active_priorities: int, response_target_days: int, public_page: bool) -> None:
    from partnership.cycles.models import CycleSettings

    if not 1 <= (max_active_priorities or 0) <= 10:
        raise CycleError(_("Active priorities: between 1 and 10."), field="max_active_priorities")
    if not 1 <= (response_target_days or 0) <= 30:
        raise CycleError(_("Answer target: between 1 and 30 working days."), field="response_target_days")
    settings = db.session.get(CycleSettings, group.id) or CycleSettings(group_id=group.id)
    settings.max_active_priorities, settings.response_target_days = max_active_priorities, response_target_days
    settings.public_page = bool(public_page)
    db.session.add(settings)
    db.session.commit()
