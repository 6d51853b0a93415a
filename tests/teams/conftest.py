"""Step 4 fixtures: a group with an adopted profile (two digital community officers and a team leader),
a second planner, a catalogue, and helpers that run a recruitment through the use cases."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from partnership.auth.roles import Role
from partnership.teams import profile_source
from partnership.teams.models import Course
from tests import factories
from tests.teams.contract import digital_team


@pytest.fixture
def profiles(monkeypatch):
    """Adopted profiles by group id; Step 4 reads them through `profile_source.adopted_profile`."""
    adopted: dict[int, object] = {}
    monkeypatch.setattr(profile_source, "adopted_profile", lambda group: adopted.get(group.id))
    return adopted


@pytest.fixture
def team_group(db, group, profiles):
    profiles[group.id] = digital_team(group.id)
    return group


@pytest.fixture
def second_planner(db, group):
    user = factories.user(role=Role.PLANNER, email="planner2@test.example", name="Second Planner")
    group.planners.append(user)
    db.session.commit()
    return user


@pytest.fixture
def catalogue(db):
    courses = {
        "three_day": Course(title="Community policing course", provider="Network", days=3, mode="classroom",
                            competences={"community_policing": 2, "multi_agency": 2}),
        "cyber": Course(title="Cybersecurity and profile safety", provider="Agency", days=2, mode="online",
                        competences={"profile_safety": 2}),
        "platforms": Course(title="Platforms with young people", provider="NGO", days=1, mode="classroom",
                            competences={"platforms": 2}),
    }
    db.session.add_all(courses.values())
    db.session.commit()
    return courses


@dataclass
class Recruitment:
    vacancy: object
    candidates: list


def recruit(group, planner, second_planner, *, scores=((4, 4), (3, 3), (2, 5))) -> Recruitment:
    """A vacancy with equal weights and three candidates, each scored by two planners (same score everywhere)."""
    from partnership.teams import recruitment

    vacancy = recruitment.create_vacancy(group, by=planner)
    recruitment.set_weights(vacancy, dict.fromkeys(vacancy.competence_codes, 1), by=planner)
    candidates = []
    for index, (first, second) in enumerate(scores):
        candidate = recruitment.add_candidate(
            vacancy, name=f"Officer {index + 1}", unit=f"Unit {index + 1}", languages=["pt"], platforms=["Discord"],
            motivation="I know the neighbourhood.", online_motivation="Young people talk online first.", by=planner)
        for rater, value in ((planner, first), (second_planner, second)):
            recruitment.submit_sheet(candidate, rater, {code: (value, "Interview evidence")
                                                        for code in vacancy.competence_codes})
        candidates.append(candidate)
    return Recruitment(vacancy, candidates)
