"""The public “You said, we did” page, its open data, the API, and the anonymous self-assessment."""
from __future__ import annotations

import csv
import io

from partnership.auth.roles import Role
from partnership.cycles import lifecycle, problem_solving, self_assessment
from partnership.cycles.models import SelfAssessmentParticipant, SelfAssessmentResponse
from tests import factories
from tests.conftest import login


def _worked(cycle, planner):
    priority = problem_solving.add_priority(cycle, need_key="lighting", user=planner)
    problem_solving.add_action(priority, description="Repair 14 street lights on Rua Direita", owner="Parish council",
                               deadline=None)
    return priority


def test_public_page_needs_no_sign_in_and_shows_no_personal_data(client, db, group, planner, cycle):
    _worked(cycle, planner)
    area = group.neighbourhoods[0]
    page = client.get(f"/neighbourhoods/{area.id}/you-said-we-did")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Repair 14 street lights on Rua Direita" in html and "Drug dealing" in html
    assert "Parish council" not in html and planner.email not in html and planner.name not in html


def test_public_page_in_the_neighbourhoods_languages(client, db, group, planner, cycle):
    _worked(cycle, planner)
    area = group.neighbourhoods[0]
    html = client.get(f"/neighbourhoods/{area.id}/you-said-we-did?lang=pt").get_data(as_text=True)
    # Bank needs are named in the page's language; the baseline survey asked in en and pt, not es.
    assert "Tráfico de droga" in html and 'lang="pt"' in html
    assert 'hreflang' not in html and "?lang=es" not in html


def test_the_group_can_switch_the_public_page_off(client, db, group, planner, cycle):
    area = group.neighbourhoods[0]
    lifecycle.update_settings(group, max_active_priorities=3, response_target_days=3, public_page=False)
    assert client.get(f"/neighbourhoods/{area.id}/you-said-we-did").status_code == 404
    assert client.get(f"/neighbourhoods/{area.id}/you-said-we-did.csv").status_code == 404


def test_open_data_csv_and_json(client, db, group, planner, cycle):
    _worked(cycle, planner)
    area = group.neighbourhoods[0]
    data = client.get(f"/neighbourhoods/{area.id}/you-said-we-did.json").get_json()
    row = data["rows"][0]
    assert row["priority"] == "Poor street lighting" and row["action"] == "Repair 14 street lights on Rua Direita"
    assert row["action_status"] == "planned" and "owner" not in row
    response = client.get(f"/neighbourhoods/{area.id}/you-said-we-did.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0]["priority"] == "Poor street lighting" and rows[0]["priority_status"] == "active"


def test_api_lists_cycles_and_priorities_for_members_only(client, db, group, planner, cycle, outsider_partner):
    _worked(cycle, planner)
    login(client, planner)
    assert client.get(f"/api/v1/groups/{group.id}/cycles").get_json()["cycles"][0]["number"] == 1
    detail = client.get(f"/api/v1/cycles/{cycle.id}").get_json()
    assert [p["key"] for p in detail["phases"]] == ["training", "integration", "needs"]
    priorities = client.get(f"/api/v1/cycles/{cycle.id}/priorities").get_json()["priorities"]
    assert priorities[0]["verdict"] == problem_solving.NO_CONCLUSION
    client.post("/auth/logout")
    login(client, outsider_partner)
    assert client.get(f"/api/v1/cycles/{cycle.id}").status_code == 403


def _scores(value=4):
    return {code: value for _a, code, _t in self_assessment.STATEMENTS}


def test_self_assessment_is_anonymous_once_per_person_and_protects_small_groups(app, client, db, group, planner,
                                                                                 partner, cycle):
    self_assessment.submit(cycle, planner, _scores(5))
    import pytest

    from partnership.cycles.errors import CycleError

    with pytest.raises(CycleError, match="already answered"):
        self_assessment.submit(cycle, planner, _scores(1))
    partners = [partner] + [factories.user(role=Role.PARTNER) for _ in range(5)]
    for user in partners[1:]:
        factories.organisation(group, user)
    for user in partners:
        self_assessment.submit(cycle, user, _scores(3))
    # No sheet names anyone: the response table has no user column, only the role.
    assert set(SelfAssessmentResponse.__table__.columns.keys()) == {"id", "cycle_id", "role", "submitted_on"}
    assert db.session.query(SelfAssessmentParticipant).count() == 7
    means = self_assessment.area_means(cycle)
    assert means[("partnerships", "partner")] == (6, 3.0)
    # One officer answered: their mean is hidden, and so is the overall mean it could be worked out from.
    assert means[("partnerships", "officer")] == (1, None)
    assert means[("partnerships", "all")][1] is None
    login(client, partner)
    html = client.get(f"/groups/{group.id}/cycles/{cycle.id}/self-assessment").get_data(as_text=True)
    assert "hidden: fewer than 5" in html and "You have answered" in html


def test_self_assessment_form_requires_every_statement(client, db, group, partner, cycle):
    login(client, partner)
    response = client.post(f"/groups/{group.id}/cycles/{cycle.id}/self-assessment", data={"p_share": "4"})
    assert response.status_code == 400 and "Rate every statement" in response.get_data(as_text=True)
    assert db.session.query(SelfAssessmentResponse).count() == 0
    ok = client.post(f"/groups/{group.id}/cycles/{cycle.id}/self-assessment",
                     data={code: "4" for code in _scores()})
    assert ok.status_code == 302 and db.session.query(SelfAssessmentResponse).one().role == "partner"
