"""Traceability both ways: which adopted needs no requirement answers, which requirements answer no need."""
from __future__ import annotations

from dataclasses import dataclass, field

from partnership.extensions import db
from partnership.profiles.models import Requirement, TeamProfile


def needs_list_of(profile: TeamProfile):
    """The adopted needs list the profile answers (read through Step 2's public function when current)."""
    from assessments.needs import adopted_list

    if profile.needs_list_id is None:
        return None
    current = adopted_list(profile.group)
    if current is not None and current.id == profile.needs_list_id:
        return current
    from assessments.models import NeedsList  # an earlier adopted list, for an earlier version

    return db.session.get(NeedsList, profile.needs_list_id)


def needs_of(profile: TeamProfile) -> list:
    needs_list = needs_list_of(profile)
    return sorted(needs_list.needs, key=lambda n: n.rank) if needs_list else []


@dataclass
class Trace:
    needs: list
    answered_by: dict[int, list[Requirement]] = field(default_factory=dict)

    @property
    def uncovered(self) -> list:
        """Adopted needs that no requirement answers yet."""
        return [n for n in self.needs if not self.answered_by.get(n.id)]

    @property
    def covered(self) -> list:
        return [n for n in self.needs if self.answered_by.get(n.id)]


def trace(profile: TeamProfile) -> Trace:
    needs = needs_of(profile)
    result = Trace(needs, {n.id: [] for n in needs})
    for role in profile.roles:
        for requirement in role.requirements:
            for need_id in requirement.need_ids or []:
                if need_id in result.answered_by:
                    result.answered_by[need_id].append(requirement)
    return result


def unanswering(profile: TeamProfile) -> list[Requirement]:
    """Requirements linked to no adopted need (some may still rest on cited figures)."""
    valid = {n.id for n in needs_of(profile)}
    return [r for role in profile.roles for r in role.requirements if not set(r.need_ids or []) & valid]
