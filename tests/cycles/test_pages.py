"""The cycle pages in use: bad or tampered input gets a clear answer, never a server error, and keeps data."""
from __future__ import annotations

from datetime import date

from partnership.cycles.models import CycleTraining, EngagementActivity, Indicator
from tests.conftest import login


def test_pages_render_in_portuguese_and_spanish(client, group, partner, cycle):
    login(client, partner)
    for lang, word in (("pt", "Fases"), ("es", "Fases")):
        client.post(f"/language/{lang}", data={"next": "/"})
        html = client.get(f"/groups/{group.id}/cycles/{cycle.id}").get_data(as_text=True)
        assert word in html
    html = client.get(f"/groups/{group.id}/cycles/{cycle.id}/engagement").get_data(as_text=True)
    assert "Registar uma atividade" not in html and "Registrar una actividad" in html


def test_tampered_ids_are_not_found_and_nothing_changes(client, db, group, planner, cycle):
    login(client, planner)
    base = f"/groups/{group.id}/cycles/{cycle.id}"
    response = client.post(base + "/training", data={"complete": "cycle:abc"})
    assert response.status_code == 302
    response = client.post(base + "/indicators", data={"action": "values", "values-indicator_id": "x",
                                                        "values-target": "3"})
    assert response.status_code == 302
    assert db.session.query(Indicator).count() == 0


def test_activity_form_errors_keep_what_was_typed(client, db, group, partner, cycle):
    login(client, partner)
    url = f"/groups/{group.id}/cycles/{cycle.id}/engagement"
    response = client.post(url, data={"activity-kind": "live_chat", "activity-happened_on": date.today().isoformat(),
                                      "activity-platform": "", "activity-neighbourhood_id": "0",
                                      "activity-place": "Grupo de moradores", "activity-contacts": "12",
                                      "activity-partners": "", "activity-notes": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Say on which platform" in html and "Grupo de moradores" in html
    assert db.session.query(EngagementActivity).count() == 0
    ok = client.post(url, data={"activity-kind": "live_chat", "activity-happened_on": date.today().isoformat(),
                                "activity-platform": "discord", "activity-neighbourhood_id": "0",
                                "activity-place": "", "activity-contacts": "12", "activity-partners": "",
                                "activity-notes": ""})
    assert ok.status_code == 302 and db.session.query(EngagementActivity).one().channel == "online"


def test_training_and_count_indicators_through_the_pages(client, db, group, partner, cycle):
    login(client, partner)
    base = f"/groups/{group.id}/cycles/{cycle.id}"
    assert client.post(base + "/training", data={"title": "Cybersecurity before going online", "who": "Team",
                                                 "days": "1", "mode": "online"}).status_code == 302
    training = db.session.query(CycleTraining).one()
    assert client.post(base + "/training", data={"complete": f"cycle:{training.id}"}).status_code == 302
    db.session.refresh(training)
    assert training.completed_on == date.today()
    assert client.post(base + "/indicators", data={"action": "count", "title": "Street lights reported broken",
                                                   "priority_id": "0", "baseline": "31", "target": "5",
                                                   "higher_is_better": "0"}).status_code == 302
    indicator = db.session.query(Indicator).one()
    assert client.post(base + "/indicators", data={"action": "values", "values-indicator_id": str(indicator.id),
                                                   "values-target": "4", "values-follow_up": "6"}).status_code == 302
    db.session.refresh(indicator)
    assert (indicator.target_value, indicator.follow_up_value, indicator.higher_is_better) == (4, 6, False)


def test_partners_cannot_open_cycles_or_change_settings(client, group, partner, cycle):
    login(client, partner)
    assert client.post(f"/groups/{group.id}/cycles", data={"starts_on": "2026-01-01", "months": "6"}).status_code == 403
    assert client.get(f"/groups/{group.id}/cycles/settings").status_code == 403


def test_another_groups_cycle_is_not_found(client, db, municipality, planner, cycle):
    from tests import factories

    other = factories.security_group(municipality, planners=[planner])
    login(client, planner)
    assert client.get(f"/groups/{other.id}/cycles/{cycle.id}").status_code == 404


def test_public_links_only_when_there_is_a_page_to_see(client, db, group, planner, baseline):
    login(client, planner)
    html = client.get(f"/groups/{group.id}/cycles").get_data(as_text=True)
    assert "/you-said-we-did" not in html  # no cycle yet: the public page would answer 404
    from tests.cycles import builders

    builders.adopt_needs(group, planner, baseline)
    builders.open_cycle(group, planner)
    html = client.get(f"/groups/{group.id}/cycles").get_data(as_text=True)
    assert f"/neighbourhoods/{group.neighbourhoods[0].id}/you-said-we-did" in html
