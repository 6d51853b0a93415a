"""URL samples for the access matrix: a cycle of the world's group and one of its priorities."""
from __future__ import annotations


def _objects(world) -> dict:
    if "cycles" not in world.extra:
        from partnership.cycles import problem_solving
        from tests.cycles import builders

        planner = world.users["planner"]
        survey = builders.baseline_survey(world.group, planner, modules=("police",))
        builders.adopt_needs(world.group, planner, survey)
        cycle = builders.open_cycle(world.group, planner)
        priority = problem_solving.add_priority(cycle, need_key="drug_dealing", user=planner)
        world.extra["cycles"] = {"cycle": cycle, "priority": priority}
    return world.extra["cycles"]


CYCLE_URL_SAMPLES = {
    "cycle_id": lambda w: _objects(w)["cycle"].id,
    "priority_id": lambda w: _objects(w)["priority"].id,
}
