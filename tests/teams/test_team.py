"""Appointment as a decision, training plans and completion, readiness and Step 4, redeployment, purge, roll-up, API."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import Decision
from partnership.groups.progress import group_steps
from partnership.teams import appointment, public, recruitment, training
from partnership.teams.errors import TeamError
from partnership.teams.models import Candidate, CompetenceScore, RoleHolding, ScoreSheet, Vacancy
from tests import factories
from tests.conftest import login
from tests.teams.conftest import recruit


def _appoint_all(client, group, done, order=(0, 1, 2)):
    """Appoint candidates to dco 1, dco 2 and lead 1 through the page, by consensus."""
    data = {"method": "consensus", "started_on": (date.today() - timedelta(days=30)).isoformat()}
    for (key, seat), index in zip([("dco", 1), ("dco", 2), ("lead", 1)], order):
        if index is not None:
            data[f"seat-{key}-{seat}"] = done.candidates[index].id
    return client.post(f"/groups/{group.id}/team/vacancies/{done.vacancy.id}/appoint", data=data)


def test_appointment_is_a_group_decision_naming_roles_not_people(client, planner, second_planner, partner,
                                                                   team_group, catalogue):
    done = recruit(team_group, planner, second_planner)
    login(client, planner)
    assert _appoint_all(client, team_group, done, order=(0, 1, None)).status_code == 302
    decision = db.session.scalar(select(Decision).where(Decision.subject == f"vacancy:{done.vacancy.id}"))
    assert "Digital community officer 1" in decision.title and "Officer 1" not in decision.title + decision.text
    holdings = db.session.scalars(select(RoleHolding).order_by(RoleHolding.seat)).all()
    assert [(h.label, h.officer_name, h.decision_id) for h in holdings] == [
        ("Digital community officer 1", "Officer 1", decision.id), ("Digital community officer 2", "Officer 2", decision.id)]
    # Officer 1 scored 4 and 4: experienced (2) everywhere, nothing to train; Officer 2 scored 3: practitioner.
    assert holdings[0].assessed_levels == {"community_policing": 2, "platforms": 2, "profile_safety": 2, "multi_agency": 2}
    assert not holdings[0].plan_items
    assert [i.course_title for i in holdings[1].plan_items] == [
        "Platforms with young people", "Cybersecurity and profile safety", "Community policing course"]
    assert db.session.get(Vacancy, done.vacancy.id).status == "open"  # the team leader seat is still open

    client.post("/auth/logout")
    login(client, partner)
    decisions = client.get(f"/groups/{team_group.id}/decisions").get_data(as_text=True)
    team = client.get(f"/groups/{team_group.id}/team").get_data(as_text=True)
    for page in (decisions, team):
        assert "Officer 1" not in page and "Officer 2" not in page and "Unit 1" not in page
    assert "Digital community officer 1" in team and "Platforms with young people" in team


def test_appointing_refuses_an_unscored_or_doubled_candidate_and_keeps_everything(planner, second_planner,
                                                                                  team_group):
    done = recruit(team_group, planner, second_planner)
    extra = recruitment.add_candidate(done.vacancy, name="Late", unit="U", languages=[], platforms=[],
                                      motivation="m", online_motivation="o", by=planner)
    with pytest.raises(TeamError, match="has not been scored"):
        appointment.appoint(done.vacancy, [("dco", 1, extra.id)], method="consensus", by=planner)
    with pytest.raises(TeamError, match="different candidate"):
        appointment.appoint(done.vacancy, [("dco", 1, done.candidates[0].id), ("dco", 2, done.candidates[0].id)],
                            method="consensus", by=planner)
    with pytest.raises(TeamError, match="votes for and against"):
        appointment.appoint(done.vacancy, [("dco", 1, done.candidates[0].id)], method="vote", by=planner)
    assert db.session.scalar(select(RoleHolding.id)) is None
    assert db.session.scalar(select(Decision.id)) is None


def test_completion_needs_a_date_and_a_level_needs_an_assessment_note(client, planner, second_planner, team_group,
                                                                     catalogue):
    done = recruit(team_group, planner, second_planner, scores=((3, 3), (3, 3), (3, 3)))
    login(client, planner)
    _appoint_all(client, team_group, done, order=(0, None, None))
    holding = db.session.scalar(select(RoleHolding))
    item = holding.plan_items[0]
    url = f"/groups/{team_group.id}/team/officers/{holding.id}/plan/{item.id}/complete"
    before = public.team_status(team_group).readiness
    refused = client.post(url, data={"completed_on": date.today().isoformat(), "reached": ["platforms"]})
    assert refused.status_code == 400 and "only with an assessment note" in refused.get_data(as_text=True)
    future = client.post(url, data={"completed_on": (date.today() + timedelta(days=3)).isoformat()})
    assert "cannot be completed in the future" in future.get_data(as_text=True)
    ok = client.post(url, data={"completed_on": date.today().isoformat(), "reached": ["platforms"],
                                "assessment_note": "Practical exercise assessed by the trainer."})
    assert ok.status_code == 302
    db.session.expire_all()
    assert holding.current_levels["platforms"] == 2
    after = public.team_status(team_group).readiness
    # 8 requirements; dco 1 had 3 x 1/2, now 1 + 2 x 1/2: one half more.
    assert before == pytest.approx(1.5 / 8) and after == pytest.approx(2.0 / 8)
    plans = public.training_plans(team_group)
    assert plans[0].officer_label == "Digital community officer 1" and plans[0].completed_on == date.today()


def test_step_four_completes_when_every_role_is_filled_and_readiness_reaches_the_target(
        client, planner, second_planner, team_group, catalogue):
    assert group_steps(team_group)[3].state == "not_started"
    done = recruit(team_group, planner, second_planner, scores=((4, 4), (4, 4), (5, 5)))
    login(client, planner)
    assert group_steps(team_group)[3].state == "in_progress"
    _appoint_all(client, team_group, done)
    status = public.team_status(team_group)
    # Everyone experienced (2); the lead is expert (3) on both: all met.
    assert (status.roles_filled, status.roles_required, status.readiness, status.complete) == (3, 3, 1.0, True)
    assert group_steps(team_group)[3].state == "complete"
    assert db.session.get(Vacancy, done.vacancy.id).status == "closed"
    assert client.post(f"/groups/{team_group.id}/team/target", data={"readiness_target": 101}).status_code == 302
    assert public.team_status(team_group).readiness_target == 0.8  # refused, unchanged


def test_redeployment_drops_readiness_tells_partners_and_a_replacement_keeps_the_history(
        client, planner, second_planner, partner, team_group, catalogue):
    done = recruit(team_group, planner, second_planner, scores=((4, 4), (4, 4), (5, 5)))
    login(client, planner)
    _appoint_all(client, team_group, done)
    leaving = db.session.scalar(select(RoleHolding).where(RoleHolding.role_key == "dco", RoleHolding.seat == 2))
    url = f"/groups/{team_group.id}/team/officers/{leaving.id}"
    assert client.post(url + "/leave", data={"ended_on": date.today().isoformat(), "reason": ""}).status_code == 400
    assert client.post(url + "/leave", data={"ended_on": date.today().isoformat(),
                                             "reason": "Redeployed to the airport division"}).status_code == 302
    status = public.team_status(team_group)
    assert status.roles_filled == 2 and status.readiness == pytest.approx(5 / 8) and not status.complete
    assert group_steps(team_group)[3].state == "in_progress"

    client.post("/auth/logout")
    login(client, partner)
    group_page = client.get(f"/groups/{team_group.id}").get_data(as_text=True)
    assert "Digital community officer 2 is vacant since" in group_page and "Officer 2" not in group_page
    client.post("/auth/logout")

    login(client, planner)
    assert client.post(url + "/replacement").status_code == 302
    replacement = db.session.scalar(select(Vacancy).where(Vacancy.status == "open"))
    assert replacement.replaces_holding_id == leaving.id and replacement.profile_id == done.vacancy.profile_id
    assert [(r["key"], r["seats"]) for r in replacement.roles] == [("dco", [2])]
    history = client.get(f"/groups/{team_group.id}/team").get_data(as_text=True)
    assert "Redeployed to the airport division" in history and "Officer 2" in history


def test_purge_removes_people_not_appointed_after_the_retention_period(app, runner, planner, second_planner,
                                                                       team_group, catalogue):
    done = recruit(team_group, planner, second_planner)
    appointment.appoint(done.vacancy, [("dco", 1, done.candidates[0].id)], method="consensus", by=planner)
    appointment.close_vacancy(done.vacancy, by=planner)
    assert appointment.purge_candidates() == 0  # the retention period has only just started
    later = utcnow() + timedelta(days=app.config["CANDIDATE_RETENTION_DAYS"] + 1)
    assert appointment.purge_candidates(later) == 2
    assert [c.name for c in db.session.scalars(select(Candidate))] == ["Officer 1"]
    assert db.session.scalar(select(ScoreSheet).join(Candidate).where(Candidate.name == "Officer 2")) is None
    assert db.session.scalar(select(CompetenceScore.id).join(ScoreSheet).where(
        ScoreSheet.candidate_id == done.candidates[0].id)) is not None
    assert db.session.scalar(select(RoleHolding)).officer_name == "Officer 1"
    app.config["CANDIDATE_RETENTION_DAYS"] = 0
    open_one = recruitment.create_vacancy(team_group, by=planner)
    recruitment.add_candidate(open_one, name="Still applying", unit="U", languages=[], platforms=[], motivation="m",
                              online_motivation="o", by=planner)
    result = runner.invoke(args=["purge"])
    assert "candidates not appointed: 0 removed" in result.output  # open vacancies are never purged


def test_roll_up_counts_gaps_courses_and_hours_across_a_municipality(client, planner, second_planner, reviewer,
                                                                     team_group, profiles, catalogue, municipality):
    from tests.teams.contract import digital_team

    done = recruit(team_group, planner, second_planner, scores=((3, 3), (3, 3), (4, 4)))
    appointment.appoint(done.vacancy, [("dco", 1, done.candidates[0].id), ("dco", 2, done.candidates[1].id),
                                       ("lead", 1, done.candidates[2].id)], method="consensus", by=planner)
    other = factories.security_group(municipality=municipality, planners=[planner])
    profiles[other.id] = digital_team(other.id, profile_id=2)
    result = training.rollup([team_group, other])
    assert (result.teams, result.officers, result.vacant_seats) == (2, 3, 3)
    needs = {n.code: (n.officers, n.levels_missing) for n in result.competences}
    # dco 1 and 2 at level 1 against 2 on three competences; the lead at 2 against 3 on community policing.
    assert needs == {"community_policing": (3, 3), "platforms": (2, 2), "profile_safety": (2, 2)}
    assert result.competences[0].code == "community_policing"
    assert [(c.course.title, c.gaps_closed) for c in result.courses] == [
        ("Platforms with young people", 2), ("Cybersecurity and profile safety", 2), ("Community policing course", 2)]
    # each dco: 1 + 2 + 3 days; the lead's gap (expert) no course closes.
    assert result.plan_days == 12 and result.plan_hours == 84 and result.unclosed == {"community_policing": 1}

    login(client, reviewer)
    page = client.get(f"/training/needs/{municipality.id}").get_data(as_text=True)
    assert "about 84 hours" in page and "Officer 1" not in page
    assert 'href="/training/needs"' not in page  # no link to the installation-wide roll-up reviewers may not open
    assert client.get(f"/training/needs/{factories.municipality().id}").status_code == 404
    assert client.get("/training/needs").status_code == 403


def test_the_catalogue_is_editable_by_planners_and_refuses_bad_lengths(client, planner, partner, catalogue):
    login(client, planner)
    bad = client.post("/training/courses/new", data={"title": "Open-source basics", "provider": "Academy",
                                                     "days": "0", "mode": "blended"})
    assert bad.status_code == 400
    duplicate = client.post("/training/courses/new", data={"title": "Cybersecurity and profile safety",
                                                           "provider": "X", "days": "1", "mode": "online"})
    assert "already has a course with this title" in duplicate.get_data(as_text=True)
    assert client.post(f"/training/courses/{catalogue['cyber'].id}", data={
        "title": "Cybersecurity and profile safety", "provider": "Agency", "days": "2.5", "mode": "online",
        "active": "y"}).status_code == 302
    assert catalogue["cyber"].days == 2.5
    client.post("/auth/logout")
    login(client, partner)
    assert client.get("/training/courses").status_code == 403


def test_the_api_gives_readiness_by_role_never_by_name(client, app, planner, second_planner, team_group, catalogue,
                                                      outsider_partner):
    from partnership.auth.models import ApiToken

    def issue_token(user, label):
        token, secret = ApiToken.issue(user, label)
        db.session.add(token)
        db.session.commit()
        return secret

    done = recruit(team_group, planner, second_planner)
    appointment.appoint(done.vacancy, [("dco", 1, done.candidates[0].id)], method="consensus", by=planner)
    token = issue_token(planner, "test")
    response = client.get(f"/api/v1/groups/{team_group.id}/team/readiness",
                          headers={"Authorization": f"Bearer {token}"})
    body = response.get_json()
    assert response.status_code == 200 and body["roles_filled"] == 1 and body["roles_required"] == 3
    assert body["seats"][0] == {"role": "dco", "label": "Digital community officer 1", "vacant": False,
                                "readiness": 1.0, "competences": {c: {"required": 2, "current": 2} for c in
                                                                  ("community_policing", "platforms", "profile_safety")}}
    assert "Officer 1" not in response.get_data(as_text=True)
    outsider = client.get(f"/api/v1/groups/{team_group.id}/team/readiness",
                          headers={"Authorization": f"Bearer {issue_token(outsider_partner, 'x')}"})
    assert outsider.status_code == 403
    assert "/groups/{group_id}/team/readiness" in client.get("/api/v1/openapi.json").get_json()["paths"]
