"""Recruitment through the pages: criteria before candidates, independent scoring, the anonymised panel."""
from __future__ import annotations

import pytest

from partnership.groups.models import Decision
from partnership.teams import recruitment
from partnership.teams.errors import TeamError
from partnership.teams.models import Vacancy
from tests import factories
from tests.conftest import login
from tests.teams.conftest import recruit


def _vacancy(client, planner, group) -> Vacancy:
    login(client, planner)
    response = client.post(f"/groups/{group.id}/team/vacancies")
    assert response.status_code == 302
    return Vacancy.query.filter_by(group_id=group.id).one()


def test_the_vacancy_notice_comes_from_the_adopted_profile_in_every_language(client, planner, partner, team_group):
    vacancy = _vacancy(client, planner, team_group)
    assert (vacancy.profile_id, vacancy.profile_version) == (1, 1)
    assert [(r["key"], r["seats"]) for r in vacancy.roles] == [("dco", [1, 2]), ("lead", [1])]
    client.post("/auth/logout")
    login(client, partner)  # partners may read the notice (no candidate data in it)
    page = client.get(f"/groups/{team_group.id}/team/vacancies/{vacancy.id}/notice?lang=pt")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Digital community officer" in html and "50% online, 50% na rua" in html  # the profile's words, our Portuguese
    assert "Instagram, Discord" in html and "Anúncio de vaga" in html and 'id="print-notice"' in html
    assert "50% online, 50% on the street" in client.get(
        f"/groups/{team_group.id}/team/vacancies/{vacancy.id}/notice?lang=en").get_data(as_text=True)


def test_no_vacancy_without_an_adopted_profile(client, planner, group, profiles):
    login(client, planner)
    response = client.post(f"/groups/{group.id}/team/vacancies", follow_redirects=True)
    assert "has not adopted a team profile yet" in response.get_data(as_text=True)
    assert Vacancy.query.count() == 0


def test_weights_are_fixed_before_the_first_score_and_locked_by_it(client, planner, second_planner, team_group):
    vacancy = _vacancy(client, planner, team_group)
    candidate = recruitment.add_candidate(vacancy, name="Ana", unit="Esquadra 1", languages=["pt"], platforms=[],
                                          motivation="m", online_motivation="o", by=planner)
    with pytest.raises(TeamError, match="Fix the weights"):
        recruitment.submit_sheet(candidate, planner, {c: (3, "e") for c in vacancy.competence_codes})
    base = f"/groups/{team_group.id}/team/vacancies/{vacancy.id}"
    bad = client.post(base + "/weights", data={f"weight-{c}": 0 for c in vacancy.competence_codes})
    assert bad.status_code == 400 and "At least one competence must count" in bad.get_data(as_text=True)
    weights = {f"weight-{c}": 2 if c == "platforms" else 1 for c in vacancy.competence_codes}
    assert client.post(base + "/weights", data=weights).status_code == 302
    recruitment.submit_sheet(candidate, planner, {c: (3, "e") for c in vacancy.competence_codes})
    locked = client.post(base + "/weights", data={k: 5 for k in weights})
    assert locked.status_code == 400 and "The weights are locked" in locked.get_data(as_text=True)
    db_vacancy = factories.db.session.get(Vacancy, vacancy.id)
    assert db_vacancy.weights["platforms"] == 2 and db_vacancy.weights_locked_at is not None


def test_a_rater_sees_nobody_elses_scores_before_submitting_and_a_sheet_is_final(
        client, planner, second_planner, team_group):
    vacancy = _vacancy(client, planner, team_group)
    recruitment.set_weights(vacancy, dict.fromkeys(vacancy.competence_codes, 1), by=planner)
    candidate = recruitment.add_candidate(vacancy, name="Rui Matos", unit="DIC", languages=["pt"], platforms=["X"],
                                          motivation="m", online_motivation="o", by=planner)
    recruitment.submit_sheet(candidate, second_planner, {c: (5, "Strong example from the first rater")
                                                         for c in vacancy.competence_codes})
    url = f"/groups/{team_group.id}/team/vacancies/{vacancy.id}"
    page = client.get(f"{url}/candidates/{candidate.id}").get_data(as_text=True)
    assert "Strong example from the first rater" not in page and "after submitting your own" in page
    assert "Rui Matos" not in client.get(url).get_data(as_text=True).split("Ranked shortlist")[1].split("5. Appoint")[0]

    missing = {f"score-{c}": 2 for c in vacancy.competence_codes}
    response = client.post(f"{url}/scoring/{candidate.id}", data=missing)
    assert response.status_code == 400 and "Note the evidence behind each score" in response.get_data(as_text=True)
    scores = {**missing, **{f"evidence-{c}": "Weak example" for c in vacancy.competence_codes}}
    assert client.post(f"{url}/scoring/{candidate.id}", data=scores).status_code == 302

    page = client.get(f"{url}/candidates/{candidate.id}").get_data(as_text=True)
    assert "Strong example from the first rater" in page and "3.50" in page
    assert "large disagreement: discuss" in page  # 2 against 5
    again = client.post(f"{url}/scoring/{candidate.id}", data={k: 5 for k in scores})
    assert "already scored this candidate" in again.get_data(as_text=True)
    assert [s.score for s in recruitment.sheet_of(candidate, planner).scores] == [2] * len(vacancy.competence_codes)


def test_ranked_shortlist_with_gaps_against_each_role(client, planner, second_planner, team_group):
    login(client, planner)
    done = recruit(team_group, planner, second_planner, scores=((3, 3), (5, 4), (2, 5)))
    html = client.get(f"/groups/{team_group.id}/team/vacancies/{done.vacancy.id}").get_data(as_text=True)
    shortlist = html.split("Ranked shortlist")[1]
    assert shortlist.index("Officer 2") < shortlist.index("Officer 3") < shortlist.index("Officer 1")
    assert "Discuss:" in shortlist  # Officer 3's raters are three points apart
    results = recruitment.role_results(done.vacancy, done.vacancy.roles[1])  # team leader needs level 3
    top = results[0]
    assert top.candidate_id == done.candidates[1].id and top.weighted_mean == pytest.approx(4.5)
    assert {c.code: c.gap for c in top.competences} == {"community_policing": 0, "multi_agency": 0}
    low = next(r for r in results if r.candidate_id == done.candidates[0].id)
    assert {c.code: c.gap for c in low.competences} == {"community_policing": 2, "multi_agency": 1}


def test_candidates_are_for_planners_only_everyone_else_gets_404(client, planner, partner, reviewer, team_group,
                                                                  second_planner):
    done = recruit(team_group, planner, second_planner)
    base = f"/groups/{team_group.id}/team/vacancies/{done.vacancy.id}"
    outsider = factories.user(role="planner", email="elsewhere@test.example")
    for user in (partner, reviewer, outsider):
        login(client, user)
        for path in ("", f"/candidates/{done.candidates[0].id}", "/scoring", f"/scoring/{done.candidates[0].id}",
                     "/candidates/new"):
            assert client.get(base + path).status_code == 404, (user.email, path)
        team = client.get(f"/groups/{team_group.id}/team").get_data(as_text=True)
        assert "Officer 1" not in team
        client.post("/auth/logout")


def test_an_anonymised_partner_panel_sees_pseudonyms_never_names_or_units(client, planner, partner, team_group):
    vacancy = recruitment.create_vacancy(team_group, by=planner)
    recruitment.set_weights(vacancy, dict.fromkeys(vacancy.competence_codes, 1), by=planner)
    candidate = recruitment.add_candidate(vacancy, name="Joana Duarte", unit="Esquadra de Marvila", languages=["pt"],
                                          platforms=["TikTok"], motivation="I grew up here.",
                                          online_motivation="Teenagers meet on TikTok.", by=planner)
    base = f"/groups/{team_group.id}/team/vacancies/{vacancy.id}"
    with pytest.raises(TeamError, match="Choose the group's decision"):
        recruitment.set_partner_panel(vacancy, enabled=True, decision_id=None, by=planner)
    decision = Decision(group_id=team_group.id, title="Partners sit on the selection panel", method="consensus",
                        recorded_by_id=planner.id)
    factories.db.session.add(decision)
    factories.db.session.commit()
    login(client, planner)
    assert client.post(base + "/panel", data={"enabled": "y", "decision_id": decision.id}).status_code == 302
    client.post("/auth/logout")

    login(client, partner)
    team = client.get(f"/groups/{team_group.id}/team").get_data(as_text=True)
    assert "Score the candidates as a member of the panel" in team and "Joana" not in team
    listing = client.get(base + "/scoring").get_data(as_text=True)
    assert "Candidate A" in listing and "Joana" not in listing and "Esquadra de Marvila" not in listing
    form = client.get(f"{base}/scoring/{candidate.id}").get_data(as_text=True)
    assert "Teenagers meet on TikTok." in form and "Joana" not in form and "Esquadra de Marvila" not in form
    scores = {**{f"score-{c}": 4 for c in vacancy.competence_codes},
              **{f"evidence-{c}": "Clear answer" for c in vacancy.competence_codes}}
    assert client.post(f"{base}/scoring/{candidate.id}", data=scores).status_code == 302
    assert recruitment.sheet_of(candidate, partner).anonymised
    assert client.get(f"{base}/candidates/{candidate.id}").status_code == 404
    assert client.get(base).status_code == 404
    # The panel is fixed once scoring has started.
    with pytest.raises(TeamError, match="The panel is fixed"):
        recruitment.set_partner_panel(vacancy, enabled=False, decision_id=None, by=planner)


def test_adding_a_candidate_explains_what_is_missing_and_keeps_the_input(client, planner, team_group):
    vacancy = _vacancy(client, planner, team_group)
    response = client.post(f"/groups/{team_group.id}/team/vacancies/{vacancy.id}/candidates/new",
                           data={"name": "Carla", "unit": "", "motivation": "Kept text", "online_motivation": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "current unit" in html and "Kept text" in html, html
    assert not vacancy.candidates


def test_another_groups_vacancy_is_not_found_even_for_a_planner(client, planner, second_planner, team_group,
                                                                 municipality, profiles):
    from tests.teams.contract import digital_team

    other_planner = factories.user(role="planner", email="other-team@test.example")
    colleague = factories.user(role="planner", email="other-colleague@test.example")
    other = factories.security_group(municipality=municipality, planners=[other_planner, colleague])
    profiles[other.id] = digital_team(other.id)
    theirs = recruit(other, other_planner, colleague, scores=((3, 3),))
    login(client, planner)
    for url in (f"/groups/{team_group.id}/team/vacancies/{theirs.vacancy.id}",
                f"/groups/{team_group.id}/team/vacancies/{theirs.vacancy.id}/candidates/{theirs.candidates[0].id}",
                f"/groups/{other.id}/team/vacancies/{theirs.vacancy.id}",
                f"/groups/{other.id}/team/vacancies/{theirs.vacancy.id}/candidates/{theirs.candidates[0].id}"):
        assert client.get(url).status_code == 404, url
