"""Step 3's public dataclasses as `partnership.profiles.public` defines them (the contract Step 4 reads).

Until Step 3 is merged, tests build profiles from these and hand them to Step 4 through
`profile_source.adopted_profile`; the field names and types are the contract's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class RequiredCompetence:
    code: str
    name: str
    domain: str
    level: int


@dataclass(frozen=True)
class RoleRequirement:
    key: str
    title: str
    count: int
    purpose: str
    responsibilities: str
    competences: tuple[RequiredCompetence, ...]
    languages: tuple[str, ...]
    platforms: tuple[str, ...]
    online_share: int
    hours: str
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class AdoptedProfile:
    profile_id: int
    version: int
    group_id: int
    team_model: str
    team_model_name: str
    adopted_at: datetime
    roles: tuple[RoleRequirement, ...]
    need_ids: tuple[int, ...]


def competence(code: str, level: int, name: str | None = None, domain: str = "digital") -> RequiredCompetence:
    return RequiredCompetence(code, name or code.replace("_", " ").capitalize(), domain, level)


def role(key: str, title: str, count: int, competences: dict[str, int], online_share: int = 50) -> RoleRequirement:
    return RoleRequirement(key, title, count, f"Purpose of {title}", "Patrol; talk with residents online",
                           tuple(competence(c, lvl) for c, lvl in competences.items()), ("pt", "en"),
                           ("Instagram", "Discord"), online_share, "Weekdays, some evenings", ("Own profile kept safe",))


def digital_team(group_id: int, profile_id: int = 1, version: int = 1) -> AdoptedProfile:
    """Two digital community officers and one team leader."""
    return AdoptedProfile(profile_id, version, group_id, "digital_community_officer", "Digital community officers",
                          datetime(2026, 10, 1, tzinfo=timezone.utc), (
                              role("dco", "Digital community officer", 2,
                                   {"community_policing": 2, "platforms": 2, "profile_safety": 2}),
                              role("lead", "Team leader", 1, {"community_policing": 3, "multi_agency": 2}),
                          ), (1, 2))
