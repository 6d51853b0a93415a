"""What later work (the evaluation cycles) may read of Step 4: the team's status and training plans.

Nothing here carries candidate data: roles are named by their title and seat
("Digital community officer 1"), never by the person holding them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlannedTraining:
    plan_item_id: int
    role_title: str
    officer_label: str
    course_title: str
    competence_codes: tuple[str, ...]
    days: float
    mode: str
    completed_on: date | None


@dataclass(frozen=True)
class TeamStatus:
    group_id: int
    roles_required: int
    roles_filled: int
    readiness: float | None
    readiness_target: float
    vacancies_open: int
    complete: bool


def team_status(group) -> TeamStatus | None:
    """The team of a security group against its adopted profile; None before a profile is adopted."""
    from partnership.teams.team import team_status as compute

    return compute(group)


def training_plans(group) -> list[PlannedTraining]:
    """Every planned course of the group's current officers, labelled by role (never by name)."""
    from partnership.teams.team import training_plans as compute

    return compute(group)
