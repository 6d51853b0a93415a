"""Priorities worked as SARA problem-solving records, and the verdict their assessment gives.

Assessment keeps process (was the response carried out?) apart from impact (did
the indicator move?). Only a response carried out can say anything about impact:
carried out and improved is credible evidence it worked; carried out and not
improved says it did not work; not carried out allows no conclusion.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnership.audit import log_event
from partnership.cycles.engagement import settings_for
from partnership.cycles.errors import CycleError
from partnership.cycles.models import ActionStatus, Cycle, Priority, PriorityAction, PriorityStatus
from partnership.cycles.signals import check_text
from partnership.dbtypes import utcnow
from partnership.extensions import db

# Process
CARRIED_OUT, NOT_CARRIED_OUT, NO_RESPONSE = "carried_out", "not_carried_out", "no_response"
# Impact
IMPROVED, NOT_IMPROVED, UNKNOWN = "improved", "not_improved", "unknown"
# Verdicts
WORKED, DID_NOT_WORK, NO_CONCLUSION, AWAITING_MEASURE = "worked", "did_not_work", "no_conclusion", "awaiting_measure"

PROCESS_LABELS = {
    CARRIED_OUT: _l("Carried out"), NOT_CARRIED_OUT: _l("Not (fully) carried out"),
    NO_RESPONSE: _l("No response planned yet"),
}
IMPACT_LABELS = {IMPROVED: _l("Improved"), NOT_IMPROVED: _l("Not improved"), UNKNOWN: _l("Not measured yet")}
VERDICT_LABELS = {
    WORKED: _l("Carried out and improved: credible evidence the response worked"),
    DID_NOT_WORK: _l("Carried out and not improved: the response did not work"),
    NO_CONCLUSION: _l("Not carried out, so no conclusion about impact"),
    AWAITING_MEASURE: _l("Carried out; waiting for the indicator to be measured"),
}
ACTION_LABELS = {
    ActionStatus.PLANNED: _l("Planned"), ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"), ActionStatus.NOT_DONE: _l("Not done"),
}
DISPLACEMENT_LABELS = {
    "not_assessed": _l("Not assessed"), "none": _l("Neither seen"),
    "displacement": _l("Displacement: the problem moved elsewhere"),
    "diffusion": _l("Diffusion of benefits: nearby places improved too"),
    "both": _l("Both displacement and diffusion"),
}


def process_of(actions) -> str:
    """Carried out when every action of the response is done; not carried out otherwise."""
    actions = list(actions)
    if not actions:
        return NO_RESPONSE
    return CARRIED_OUT if all(a.status == ActionStatus.DONE for a in actions) else NOT_CARRIED_OUT


def impact_from_changes(changes: list[tuple[bool, float | None, bool | None]], judged: str = UNKNOWN) -> str:
    """Impact from measured indicator changes: (higher_is_better, change, significant or None for counts).

    Improved when some indicator moved the right way (significantly, for survey figures) and none
    moved significantly the wrong way; not improved when measured without that; otherwise what the
    group judged.
    """
    measured = [(better_up, change, sig) for better_up, change, sig in changes if change is not None]
    if not measured:
        return judged if judged in (IMPROVED, NOT_IMPROVED) else UNKNOWN

    def right_way(better_up, change):
        return change > 0 if better_up else change < 0

    good = any(right_way(b, c) and sig is not False and c != 0 for b, c, sig in measured)
    bad = any(not right_way(b, c) and c != 0 and sig is not False for b, c, sig in measured)
    return IMPROVED if good and not bad else NOT_IMPROVED


def verdict(process: str, impact: str) -> str:
    """The problem-solving verdict for a process and an impact."""
    if process != CARRIED_OUT:
        return NO_CONCLUSION
    if impact == IMPROVED:
        return WORKED
    if impact == NOT_IMPROVED:
        return DID_NOT_WORK
    return AWAITING_MEASURE


def measured_changes(priority: Priority, comparison=None) -> list[tuple[bool, float | None, bool | None]]:
    """The priority's indicators as (higher_is_better, change, significant): counts from the group's entries,
    survey figures from the comparison of rounds (published figures only)."""
    changes = []
    overall = {c.indicator.id: c for c in (comparison.overall if comparison else [])}
    for indicator in priority.indicators:
        if indicator.source == "count":
            change = None if indicator.baseline_value is None or indicator.follow_up_value is None \
                else indicator.follow_up_value - indicator.baseline_value
            changes.append((indicator.higher_is_better, change, None))
        else:
            found = overall.get(indicator.id)
            diff = found.difference if found else None
            changes.append((indicator.higher_is_better, diff.estimate if diff else None,
                            diff.significant if diff else None))
    return changes


def assessment(priority: Priority, comparison=None) -> dict:
    """Process, impact and verdict of a priority, with their labels."""
    process = process_of(priority.actions)
    impact = impact_from_changes(measured_changes(priority, comparison), priority.impact)
    result = verdict(process, impact)
    return {"process": process, "impact": impact, "verdict": result,
            "process_label": str(PROCESS_LABELS[process]), "impact_label": str(IMPACT_LABELS[impact]),
            "verdict_label": str(VERDICT_LABELS[result])}


def active_priorities(cycle: Cycle) -> list[Priority]:
    return [p for p in cycle.priorities if p.status == PriorityStatus.ACTIVE]


def _room_for_one_more(cycle: Cycle) -> None:
    limit = settings_for(cycle.group).max_active_priorities
    if len(active_priorities(cycle)) >= limit:
        raise CycleError(_("The group works on at most %(n)d priorities at a time. Close one at a meeting first, "
                           "or change the limit in the cycle settings.", n=limit))


def add_priority(cycle: Cycle, *, need_key: str | None, title: str | None = None, user=None,
                 neighbourhood_id: int | None = None) -> Priority:
    """A priority drawn from the cycle's needs list (or, with a title, one the group words itself)."""
    if not cycle.is_open:
        raise CycleError(_("This cycle is closed."))
    need = next((n for n in cycle.needs if n.get("key") == need_key or str(n.get("rank")) == str(need_key)), None)
    if need is None and not (title or "").strip():
        raise CycleError(_("Choose a need from the cycle's needs list."), field="need")
    _room_for_one_more(cycle)
    wording = (title or "").strip() or need["title"]
    if any(p.title == wording and p.status == PriorityStatus.ACTIVE for p in cycle.priorities):
        raise CycleError(_("“%(title)s” is already an active priority.", title=wording), field="need")
    priority = Priority(cycle_id=cycle.id, group_id=cycle.group_id, need_key=(need or {}).get("key") or "custom",
                        title=wording[:200], neighbourhood_id=neighbourhood_id,
                        scanning="\n".join(need.get("evidence", [])) if need else "")
    db.session.add(priority)
    db.session.flush()
    log_event("priority.added", actor=user, target=f"priority:{priority.id}",
              details={"group_id": cycle.group_id, "cycle_id": cycle.id, "title": priority.title})
    db.session.commit()
    return priority


def update_record(priority: Priority, *, scanning: str, analysis: str, impact: str, displacement: str,
                  displacement_notes: str) -> None:
    """Scanning, analysis and the assessment notes of the record."""
    if impact not in IMPACT_LABELS:
        raise CycleError(_("Choose what happened to the problem."), field="impact")
    if displacement not in DISPLACEMENT_LABELS:
        raise CycleError(_("Choose whether displacement or diffusion was seen."), field="displacement")
    for name, value in (("scanning", scanning), ("analysis", analysis), ("displacement_notes", displacement_notes)):
        if len(value or "") > 20000:
            raise CycleError(_("Keep each text under 20000 characters."), field=name)
    priority.scanning, priority.analysis = (scanning or "").strip(), (analysis or "").strip()
    priority.impact, priority.displacement = impact, displacement
    priority.displacement_notes = (displacement_notes or "").strip()
    db.session.commit()


def add_action(priority: Priority, *, description: str, owner: str, deadline: date | None) -> PriorityAction:
    """An action of the response, with who carries it out (an organisation or role) and by when."""
    description, owner = (description or "").strip(), (owner or "").strip()
    if not description:
        raise CycleError(_("Say what will be done."), field="description")
    if not owner:
        raise CycleError(_("Say which organisation or role carries it out."), field="owner")
    if len(description) > 300 or len(owner) > 160:
        raise CycleError(_("Keep the action under 300 characters and the owner under 160."), field="description")
    # Actions appear on the public page: no personal identifiers there either.
    check_text(description, "description")
    check_text(owner, "owner")
    action = PriorityAction(priority_id=priority.id, description=description, owner=owner, deadline=deadline)
    db.session.add(action)
    db.session.commit()
    return action


def set_action_status(action: PriorityAction, status: str) -> None:
    if status not in {s.value for s in ActionStatus}:
        raise CycleError(_("Choose a status."), field="status")
    action.status = status
    action.done_on = date.today() if status == ActionStatus.DONE else None
    db.session.commit()


def close_priority(priority: Priority, *, meeting_id: int | None, method: str, user, votes_for: int | None = None,
                   votes_against: int | None = None, votes_abstain: int | None = None, comparison=None):
    """Close a priority as a decision the group takes at one of its meetings."""
    from partnership.groups import decisions
    from partnership.groups.errors import GroupError

    if priority.status == PriorityStatus.CLOSED:
        raise CycleError(_("This priority is already closed."))
    if not meeting_id:
        raise CycleError(_("A priority is closed only when the group agrees at a meeting: choose the meeting."),
                         field="meeting_id")
    result = assessment(priority, comparison)
    try:
        decision = decisions.record(
            priority.cycle.group, title=_("Close the priority “%(title)s”", title=priority.title)[:200],
            text=result["process_label"] + " · " + result["impact_label"] + "\n" + result["verdict_label"],
            method=method, votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
            meeting_id=meeting_id, subject=f"priority:{priority.id}", recorded_by=user)
    except GroupError as error:
        raise CycleError(error.message, field=error.field) from None
    priority.status = PriorityStatus.CLOSED
    priority.closed_decision_id = decision.id
    priority.closed_at = utcnow()
    log_event("priority.closed", actor=user, target=f"priority:{priority.id}",
              details={"decision_id": decision.id, "verdict": result["verdict"]})
    db.session.commit()
    return decision


def reopen_priority(priority: Priority, user) -> None:
    """Work on a closed priority again (within the cap on active priorities)."""
    if priority.status != PriorityStatus.CLOSED:
        raise CycleError(_("Only a closed priority can be reopened."))
    if not priority.cycle.is_open:
        raise CycleError(_("This cycle is closed; the next cycle carries its needs over."))
    _room_for_one_more(priority.cycle)
    priority.status = PriorityStatus.ACTIVE
    priority.closed_decision_id = None
    priority.closed_at = None
    log_event("priority.reopened", actor=user, target=f"priority:{priority.id}", details={})
    db.session.commit()
