"""The group page keeps drawing the group's boundary version; a planner may move the group to the active one."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from maps.group_boundaries import group_version_id
from partnership.audit.models import AuditEvent
from tests.groups.builders import audit_count
from tests.maps import builders


def _page(client, group) -> str:
    return client.get(f"/groups/{group.id}").get_data(as_text=True)


def _drawn(html: str) -> set:
    return builders.drawn_vertices(SimpleNamespace(script=html))


@pytest.fixture
def versions(db, group, municipality):
    """Version 1 (the group is linked to it on approval), then version 2 with the first neighbourhood widened."""
    codes = [n.code for n in municipality.neighbourhoods]
    names = [n.name for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes, names=names))
    second = builders.approved(municipality, builders.row(codes, names=names, widen_first_m=250))
    def first_area(version):
        return next(a for a in version.areas if a.code == codes[0])

    widened = builders.vertices(first_area(second)) - builders.vertices(first_area(first))
    return first, second, widened


def test_the_page_keeps_the_old_boundaries_and_says_a_newer_version_is_active(client, login_as, planner, group, versions):
    first, second, widened = versions
    assert group_version_id(group) == first.id
    login_as(planner)
    page = _page(client, group)
    assert "These are the boundaries of version 1, approved on" in page
    assert "version 2 is now active" in page
    assert f'action="/groups/{group.id}/boundaries"' in page
    assert not widened & _drawn(page)


def test_a_planner_switches_the_group_to_the_active_version(client, db, login_as, planner, group, versions):
    first, second, widened = versions
    login_as(planner)
    response = client.post(f"/groups/{group.id}/boundaries", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "The group now uses boundary version 2." in page
    assert group_version_id(group) == second.id
    assert "is now active" not in page and widened <= _drawn(page)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "group.boundaries_updated"))
    assert event.actor_id == planner.id and event.target == f"security_group:{group.id}"
    assert event.details == {"from_version": 1, "to_version": 2}
    # Nothing more to switch to.
    client.post(f"/groups/{group.id}/boundaries")
    assert audit_count("group.boundaries_updated") == 1


@pytest.mark.parametrize("who", ["partner", "outsider_partner"])
def test_partners_and_outsiders_may_not_switch(request, client, login_as, group, versions, who):
    first, _second, _widened = versions
    login_as(request.getfixturevalue(who))
    assert client.post(f"/groups/{group.id}/boundaries").status_code == 403
    assert group_version_id(group) == first.id and audit_count("group.boundaries_updated") == 0


def test_a_partner_sees_the_notice_without_the_button(client, login_as, partner, group, versions):
    login_as(partner)
    page = _page(client, group)
    assert "version 2 is now active" in page and "/boundaries" not in page


def test_the_switch_is_refused_when_a_neighbourhood_of_the_group_is_missing(client, login_as, planner, group, municipality):
    codes = [n.code for n in municipality.neighbourhoods]
    first = builders.approved(municipality, builders.row(codes))
    dropped = group.neighbourhoods[1]
    builders.approved(municipality, builders.row([c for c in codes if c != dropped.code]))
    login_as(planner)
    page = _page(client, group)
    assert f"Version 2 no longer has {dropped.name}, so the group keeps its boundaries." in page
    assert f'action="/groups/{group.id}/boundaries"' not in page
    response = client.post(f"/groups/{group.id}/boundaries", follow_redirects=True)
    assert f"Version 2 no longer has these neighbourhoods of the group: {dropped.name}." in response.get_data(as_text=True)
    assert group_version_id(group) == first.id and audit_count("group.boundaries_updated") == 0
