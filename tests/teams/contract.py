"""Adopted profiles built in memory from Step 3's public dataclasses, for Step 4's pure logic tests.

Tests that need a stored profile use `tests/profiles/factories.py` instead.
"""
from __future__ import annotations

from datetime import datetime, timezone

from partnership.profiles.public import AdoptedProfile, RequiredCompetence, RoleRequirement


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
