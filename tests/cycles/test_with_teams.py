"""The cycle's training phase on a real Step 4 team: an officer appointed on an adopted Step 3 profile."""
from __future__ import annotations

from datetime import date, timedelta

from partnership.auth.roles import Role
from partnership.cycles import lifecycle
from partnership.cycles.lifecycle import COMPLETE, IN_PROGRESS, NOT_STARTED
from partnership.extensions import db
from partnership.teams import appointment, recruitment, training
from partnership.teams.demo import seed_catalogue
from tests import factories
from tests.cycles import builders
from tests.profiles.factories import adopted_profile_for


def _appoint_digital_officer(group, planner):
    """One candidate scored by two planners and appointed as digital community officer, through Step 4."""
    seed_catalogue()
    second = factories.user(role=Role.PLANNER, email="second.planner@test.example")
    group.planners.append(second)
    db.session.commit()
    vacancy = recruitment.create_vacancy(group, by=planner)
    recruitment.set_weights(vacancy, dict.fromkeys(vacancy.competence_codes, 1), by=planner)
    person = recruitment.add_candidate(vacancy, name="Joana", unit="32.ª Esquadra", languages=["pt"],
                                       platforms=["TikTok"], motivation="m", online_motivation="o", by=planner)
    for rater in (planner, second):
        recruitment.submit_sheet(person, rater, {c: (3, "Interview") for c in vacancy.competence_codes})
    [holding] = appointment.appoint(vacancy, [("digital_community_officer", 1, person.id)], method="consensus",
                                    started_on=date.today() - timedelta(days=30), by=planner)
    return holding


def _phase(cycle, key):
    return next(p for p in lifecycle.phases(cycle) if p.key == key)


def test_the_training_phase_follows_the_officers_step4_plan(db, group, planner, baseline):
    builders.adopt_needs(group, planner, baseline)
    adopted_profile_for(group, user=planner)
    holding = _appoint_digital_officer(group, planner)
    plan_items = list(holding.plan_items)
    assert len(plan_items) > 1
    cycle = builders.open_cycle(group, planner)

    items = lifecycle.training_items(cycle)
    assert [(i.source, i.id, i.title) for i in items] == [("plan", p.id, p.course_title) for p in plan_items]
    assert all(holding.label in i.who and i.completed_on is None for i in items)
    assert _phase(cycle, "training").state == NOT_STARTED

    # Completed in Step 4: the cycle shows it completed, and the phase is under way.
    first = plan_items[0]
    training.complete(first, completed_on=date.today() - timedelta(days=5), reached=[], note="", by=planner)
    items = {i.id: i for i in lifecycle.training_items(cycle)}
    assert items[first.id].completed_on == date.today() - timedelta(days=5)
    assert sum(1 for i in items.values() if i.completed_on) == 1
    assert _phase(cycle, "training").state == IN_PROGRESS

    for item in plan_items[1:]:
        training.complete(item, completed_on=date.today(), reached=[], note="", by=planner)
    assert all(i.completed_on for i in lifecycle.training_items(cycle))
    assert _phase(cycle, "training").state == COMPLETE
