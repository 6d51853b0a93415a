"""A partner of group A sees nothing of group B, on every Step 1 page, whatever the method."""
from __future__ import annotations

import pytest
from flask import url_for

from partnership.auth.roles import Role
from partnership.groups.models import CharterSignOff, Decision, Meeting, MemberOrganisation
from tests import factories
from tests.groups.builders import count, meeting


@pytest.fixture
def group_b(db, municipality):
    """Another group of the same municipality, with a member, a charter and a meeting."""
    other_planner = factories.user(role=Role.PLANNER, email="b-planner@test.example")
    b = factories.security_group(municipality, planners=[other_planner], partner=factories.user(email="b@test.example"),
                                 name="Group B")
    factories.charter(b)
    meeting(b, days_ago=2)
    return b


def group_urls(app, group):
    """Every Step 1 route that names a group, filled in with that group's own objects."""
    values = {"group_id": group.id, "organisation_id": group.organisations[0].id,
              "meeting_id": group.meetings[0].id, "number": group.current_charter.number}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("groups.") and "group_id" in rule.arguments:
                url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
                for method in sorted(rule.methods & {"GET", "POST"}):
                    yield method, url


def test_the_walk_covers_every_step_one_page(app, group_b):
    urls = {url for _, url in group_urls(app, group_b)}
    assert len(urls) >= 20


@pytest.mark.parametrize("identity", ["partner", "planner", "reviewer_elsewhere"])
def test_members_of_group_a_are_refused_everything_in_group_b(app, client, login_as, group, planner, partner, group_b,
                                                              identity):
    users = {"partner": partner, "planner": planner,
             "reviewer_elsewhere": factories.user(role=Role.REVIEWER, email="r2@test.example",
                                                  municipality=factories.municipality())}
    before = (count(MemberOrganisation), count(Meeting), count(Decision), count(CharterSignOff))
    login_as(users[identity])
    leaks = []
    for method, url in group_urls(app, group_b):
        status = client.open(url, method=method, data={"organisation_id": group_b.organisations[0].id}).status_code
        # Refused, and exactly as if group B did not exist: its id reveals nothing.
        missing = url.replace(f"/groups/{group_b.id}", "/groups/999999", 1)
        as_if_missing = client.open(missing, method=method, data={"organisation_id": 1}).status_code
        if status not in (403, 404) or status != as_if_missing:
            leaks.append(f"{method} {url}: {status} (a missing group: {as_if_missing})")
    assert not leaks, "\n".join(leaks)
    assert (count(MemberOrganisation), count(Meeting), count(Decision), count(CharterSignOff)) == before


def test_group_b_objects_under_group_a_urls_are_not_found(client, login_as, group, planner, group_b):
    login_as(planner)
    b_meeting = group_b.meetings[0]
    assert client.get(f"/groups/{group.id}/meetings/{b_meeting.id}").status_code == 404
    assert client.post(f"/groups/{group.id}/meetings/{b_meeting.id}/minutes", data={"minutes": "x"}).status_code == 404
    assert b_meeting.minutes == ""


def test_listings_show_only_ones_own_groups(client, login_as, group, partner, group_b):
    login_as(partner)
    for page in ("/groups/", "/dashboard"):
        html = client.get(page).get_data(as_text=True)
        assert group.name in html and "Group B" not in html
