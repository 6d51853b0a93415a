"""Step 4 on a real adopted profile from Step 3 (tests/profiles/factories.py), and the demo seeder."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from sqlalchemy import func, select

from partnership.extensions import db
from partnership.groups.progress import group_steps
from partnership.teams import appointment, public, recruitment
from partnership.teams.demo import CATALOGUE, seed, seed_catalogue
from partnership.teams.models import Candidate, Course, PlanItem, RoleHolding, ScoreSheet, Vacancy
from tests.conftest import login
from tests.profiles.factories import adopted_profile_for


def test_the_vacancy_and_notice_come_from_the_adopted_profile(client, planner, partner, group):
    profile = adopted_profile_for(group, languages={"digital_community_officer": ["pt", "en"]},
                                  platforms={"digital_community_officer": ["discord"]})
    assert group_steps(group)[3].state == "not_started"
    login(client, planner)
    assert client.post(f"/groups/{group.id}/team/vacancies").status_code == 302
    vacancy = db.session.scalar(select(Vacancy))
    assert (vacancy.profile_id, vacancy.profile_version) == (profile.id, profile.version)
    assert [(r["key"], r["seats"]) for r in vacancy.roles] == [
        ("community_officer", [1, 2, 3, 4]), ("digital_community_officer", [1]), ("team_leader", [1])]
    assert group_steps(group)[3].state == "in_progress"
    client.post("/auth/logout")
    login(client, partner)
    notice = client.get(f"/groups/{group.id}/team/vacancies/{vacancy.id}/notice?lang=pt").get_data(as_text=True)
    assert "Discord" in notice and "50% online, 50% na rua" in notice


def test_a_digital_officer_gets_a_plan_from_the_seeded_catalogue_and_the_gaps_it_leaves(planner, group):
    from tests import factories

    adopted_profile_for(group)
    seed_catalogue()
    db.session.commit()
    second = factories.user(role="planner", email="p2@test.example")
    group.planners.append(second)
    vacancy = recruitment.create_vacancy(group, by=planner)
    recruitment.set_weights(vacancy, dict.fromkeys(vacancy.competence_codes, 1), by=planner)
    person = recruitment.add_candidate(vacancy, name="Joana", unit="32.ª Esquadra", languages=["pt"],
                                       platforms=["TikTok"], motivation="m", online_motivation="o", by=planner)
    for rater in (planner, second):  # 3 everywhere: practitioner (1) on every competence
        recruitment.submit_sheet(person, rater, {c: (3, "Interview") for c in vacancy.competence_codes})
    [holding] = appointment.appoint(vacancy, [("digital_community_officer", 1, person.id)], method="consensus",
                                    by=planner)
    titles = [i.course_title for i in holding.plan_items]
    # Level 2 on dco.platforms and dco.tone in one day beats everything else per day.
    assert titles[0] == "Current platforms and online language, with local NGOs and young people"
    assert "Cybersecurity and profile safety before online work" in titles
    from partnership.teams.training import officer_gaps, offers
    from partnership.teams.training_plan import plan

    unclosed = {g.code for g in plan(officer_gaps(holding), offers()).unclosed}
    assert unclosed == {"dco.motivation"}  # no course teaches motivation: selection has to find it
    status = public.team_status(group)
    assert (status.roles_required, status.roles_filled, status.complete) == (6, 1, False)
    assert 0 < status.readiness < 0.2


def test_the_demo_takes_marvila_through_step_four_once(db, planner, partner, group):
    context = SimpleNamespace(groups={"marvila": group}, users={"planner": planner})
    seed(context)  # no adopted profile yet: only the catalogue
    assert db.session.scalar(select(func.count(Course.id))) == len(CATALOGUE)
    assert db.session.scalar(select(Vacancy.id)) is None
    adopted_profile_for(group)
    seed(context)
    seed(context)  # idempotent
    assert db.session.scalar(select(func.count(Vacancy.id))) == 1
    assert db.session.scalar(select(func.count(Candidate.id))) == 3
    sheets = db.session.scalars(select(ScoreSheet)).all()
    assert len(sheets) == 6 and len({s.rater_id for s in sheets}) == 2
    holdings = db.session.scalars(select(RoleHolding)).all()
    assert len(holdings) == 2
    items = db.session.scalars(select(PlanItem)).all()
    done = [i for i in items if i.completed_on]
    assert len(done) == 1 and done[0].completed_on < date.today() and len(items) > 1
    status = public.team_status(group)
    assert status.roles_filled == 2 and status.readiness is not None and not status.complete


def test_the_catalogue_command_loads_the_standard_offers_once(runner, db):
    first = runner.invoke(args=["teams", "seed-catalogue"])
    assert f"{len(CATALOGUE)} courses added" in first.output
    assert "0 courses added" in runner.invoke(args=["teams", "seed-catalogue"]).output
    cyber = db.session.scalar(select(Course).where(Course.title.like("Cybersecurity%")))
    assert cyber.competences == {"dco.profile_safety": 3, "dco.cyber_awareness": 2} and cyber.mode == "online"
