"""The four steps of the Lisbon model for one security group, and what completes each.

Step 1 is decided here; later steps register a provider from their own package
(`register_step`), so this module never imports assessments or recruitment code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l

from partnership.groups.models import (
    COMMUNITY_TYPES,
    MUNICIPALITY_TYPES,
    POLICE_TYPES,
    CharterVersion,
    SecurityGroup,
    SignOffRule,
)

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"


@dataclass
class StepStatus:
    number: int
    title: str
    state: str = NOT_STARTED
    summary: str = ""
    next_action: str = ""
    url: str | None = None
    checklist: list[tuple[str, bool]] = field(default_factory=list)


STEP_TITLES = {
    1: _l("Form the security group"),
    2: _l("Local security needs assessment"),
    3: _l("Ideal profile of the community-police team"),
    4: _l("Recruit and train the team"),
}

_providers: dict[int, Callable[[SecurityGroup], StepStatus]] = {}


def register_step(number: int, provider: Callable[[SecurityGroup], StepStatus]) -> None:
    """Let a feature package report the state of its step for a group."""
    _providers[number] = provider


def charter_sign_off_checklist(charter: CharterVersion) -> list[tuple[str, bool]]:
    """The conditions of the charter's sign-off rule, each with whether it is met."""
    group = charter.group
    signed_orgs = {s.organisation_id for s in charter.sign_offs}
    active = group.active_organisations
    signed = [o for o in active if o.id in signed_orgs]
    rule = SignOffRule(charter.sign_off_rule)
    if rule == SignOffRule.ALL_MEMBERS:
        return [(str(_l("Every active member organisation has signed (%(signed)d of %(total)d)",
                        signed=len(signed), total=len(active))), bool(active) and len(signed) == len(active))]
    if rule == SignOffRule.MAJORITY:
        return [(str(_l("More than half of the member organisations have signed (%(signed)d of %(total)d)",
                        signed=len(signed), total=len(active))), len(signed) * 2 > len(active))]
    community = [o for o in signed if o.stakeholder in COMMUNITY_TYPES]
    return [
        (str(_l("Signed by the police")), any(o.stakeholder in POLICE_TYPES for o in signed)),
        (str(_l("Signed by the municipality or parish council")), any(o.stakeholder in MUNICIPALITY_TYPES for o in signed)),
        (str(_l("Signed by at least two community organisations (%(count)d so far)", count=len(community))), len(community) >= 2),
    ]


def charter_is_binding(charter: CharterVersion | None) -> bool:
    return charter is not None and all(ok for _, ok in charter_sign_off_checklist(charter))


def step_one(group: SecurityGroup) -> StepStatus:
    status = StepStatus(1, str(STEP_TITLES[1]))
    charter = group.current_charter
    has_members = len(group.active_organisations) >= 2
    status.checklist = [(str(_l("At least two member organisations have joined")), has_members),
                        (str(_l("A charter has been drafted")), charter is not None)]
    if charter is not None:
        status.checklist += charter_sign_off_checklist(charter)
    # The rule the group chose decides, but a one-organisation "partnership" never completes Step 1.
    if has_members and charter_is_binding(charter):
        status.state = COMPLETE
        status.summary = str(_l("Charter version %(number)d is signed off.", number=charter.number))
        status.next_action = str(_l("Start the local security needs assessment."))
    else:
        status.state = IN_PROGRESS if (group.organisations or charter) else NOT_STARTED
        if not has_members:
            status.next_action = str(_l("Invite the member organisations."))
            status.url = _url("groups.members", group)
        elif charter is None:
            status.next_action = str(_l("Draft the charter."))
            status.url = _url("groups.charter_new", group)
        else:
            status.next_action = str(_l("Collect the missing charter sign-offs."))
            status.url = _url("groups.charter", group)
    return status


def _url(endpoint: str, group: SecurityGroup) -> str | None:
    """A link for the next action when rendering a page (the API and CLI have no request)."""
    from flask import has_request_context, url_for

    return url_for(endpoint, group_id=group.id) if has_request_context() else None


def group_steps(group: SecurityGroup) -> list[StepStatus]:
    """The state of each of the four steps; a step without a provider is not yet started."""
    steps = [step_one(group)]
    for number in (2, 3, 4):
        provider = _providers.get(number)
        steps.append(provider(group) if provider else StepStatus(number, str(STEP_TITLES[number])))
    return steps
