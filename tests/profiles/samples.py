"""URL samples for the access matrix: a draft profile of the world's group, one role, requirement and suggestion."""
from __future__ import annotations


def _objects(world) -> dict:
    if "profiles" not in world.extra:
        from partnership.profiles.models import Suggestion
        from partnership.extensions import db
        from tests.profiles.factories import draft_profile_for

        profile = draft_profile_for(world.group, user=world.users["planner"])
        role = profile.roles[0]
        suggestion = Suggestion(profile=profile, kind="language", value="kea", reason="sample")
        db.session.add(suggestion)
        db.session.commit()
        world.extra["profiles"] = {"profile": profile, "role": role, "requirement": role.requirements[0],
                                   "suggestion": suggestion}
    return world.extra["profiles"]


PROFILE_URL_SAMPLES = {
    "profile_id": lambda w: _objects(w)["profile"].id,
    "role_id": lambda w: _objects(w)["role"].id,
    "requirement_id": lambda w: _objects(w)["requirement"].id,
    "suggestion_id": lambda w: _objects(w)["suggestion"].id,
}
