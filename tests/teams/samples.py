"""URL samples for the access matrix: a vacancy, candidate, role holder, plan item and course of the world's group."""
from __future__ import annotations

from datetime import date


def _objects(world) -> dict:
    if "teams" not in world.extra:
        from partnership.extensions import db
        from partnership.teams.models import Candidate, Course, PlanItem, RoleHolding, Vacancy

        vacancy = Vacancy(group_id=world.group.id, profile_id=1, profile_version=1, roles=[{
            "key": "dco", "title": "Digital community officer", "seats": [1, 2], "purpose": "", "responsibilities": "",
            "competences": [{"code": "platforms", "name": "Platforms", "domain": "digital", "level": 2}],
            "languages": ["pt"], "platforms": ["Discord"], "online_share": 50, "hours": "", "conditions": []}],
            weights={"platforms": 1})
        db.session.add(vacancy)
        candidate = Candidate(vacancy=vacancy, name="Matrix Candidate", unit="Unit 1", pseudonym="A",
                              motivation="m", online_motivation="o")
        holding = RoleHolding(group_id=world.group.id, vacancy=vacancy, role_key="dco", role_title="Digital community officer",
                              seat=2, officer_name="Matrix Officer", started_on=date(2026, 1, 1))
        course = Course(title="Matrix course", provider="Academy", days=1, mode="online", competences={"platforms": 2})
        item = PlanItem(holding=holding, course=course, course_title="Matrix course", days=1, mode="online",
                        competence_codes=["platforms"], target_levels={"platforms": 2})
        db.session.add_all([candidate, holding, course, item])
        db.session.commit()
        world.extra["teams"] = {"vacancy": vacancy, "candidate": candidate, "holding": holding, "item": item,
                                "course": course}
    return world.extra["teams"]


TEAMS_URL_SAMPLES = {
    "vacancy_id": lambda w: _objects(w)["vacancy"].id,
    "candidate_id": lambda w: _objects(w)["candidate"].id,
    "holding_id": lambda w: _objects(w)["holding"].id,
    "item_id": lambda w: _objects(w)["item"].id,
    "course_id": lambda w: _objects(w)["course"].id,
}
