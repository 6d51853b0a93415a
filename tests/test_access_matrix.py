"""Every registered route has an explicit access rule, and nobody reaches what they must not.

The walk covers all of `app.url_map`: a new route without a rule, or a new URL
parameter without a sample value below, fails this test.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from werkzeug.routing import Rule

from partnership.access import rule_of
from partnership.auth.roles import Role
from tests import factories
from tests.groups.builders import sample_charter as groups_sample_charter
from tests.groups.builders import sample_decision as groups_sample_decision
from tests.groups.builders import sample_meeting as groups_sample_meeting
from tests.assessments.samples import ASSESSMENT_URL_SAMPLES
from tests.cycles.samples import CYCLE_URL_SAMPLES
from tests.assessments.walks.samples import WALK_URL_SAMPLES
from tests.maps.builders import sample_version as maps_sample_version
from tests.profiles.samples import PROFILE_URL_SAMPLES
from tests.teams.samples import TEAMS_URL_SAMPLES


@dataclass
class World:
    """The objects URL parameters are filled from."""

    group: object
    users: dict
    extra: dict = field(default_factory=dict)


# Sample values for URL parameters: a callable of the World. Feature packages add theirs.
URL_SAMPLES = {
    "group_id": lambda w: w.group.id,
    "user_id": lambda w: w.users["partner"].id,
    "token_id": lambda w: 999999,
    "token": lambda w: "not-a-real-token",
    "code": lambda w: "pt",
    "filename": lambda w: "css/app.css",
    # maps: an approved boundary version of the group's municipality, built once per world
    "municipality_id": lambda w: w.group.municipality_id,
    "version_id": lambda w: maps_sample_version(w).id,
    "neighbourhood_id": lambda w: maps_sample_version(w).areas[0].neighbourhood_id,
    "fmt": lambda w: "geojson",
    # groups (Step 1): the partner's organisation, a past meeting and charter version 1 of the group
    "organisation_id": lambda w: w.group.organisations[0].id,
    "meeting_id": lambda w: groups_sample_meeting(w).id,
    "number": lambda w: groups_sample_charter(w).number,
    # content translations: a decision of the group
    "kind": lambda w: "decision",
    "object_id": lambda w: groups_sample_decision(w).id,
    # assessments (Step 2): a survey, question, needs list, need and page of the group (tests/assessments/samples.py)
    **ASSESSMENT_URL_SAMPLES,
    # profiles (Step 3): a draft profile of the group, its first role and requirement, a suggestion
    **PROFILE_URL_SAMPLES,
    # teams (Step 4): a vacancy, candidate, role holder, plan item and course (tests/teams/samples.py)
    **TEAMS_URL_SAMPLES,
    # evaluation cycles: a cycle of the group and one of its priorities (tests/cycles/samples.py)
    **CYCLE_URL_SAMPLES,
    # safety walks (Step 2 evidence): a walk of the group, its stop and a photo record
    **WALK_URL_SAMPLES,
}

IDENTITIES = ["anonymous", "admin", "planner", "reviewer", "partner", "outsider_partner", "outsider_planner", "outsider_reviewer"]


@pytest.fixture
def world(db, municipality, admin_user, planner, reviewer, partner, outsider_partner, group):
    other_municipality = factories.municipality()
    users = {
        "admin": admin_user,
        "planner": planner,
        "reviewer": reviewer,
        "partner": partner,
        "outsider_partner": outsider_partner,
        "outsider_planner": factories.user(role=Role.PLANNER, email="other-planner@test.example"),
        "outsider_reviewer": factories.user(role=Role.REVIEWER, email="other-reviewer@test.example",
                                            municipality=other_municipality),
    }
    return World(group=group, users=users)


def _role_of(identity: str) -> str | None:
    if identity == "anonymous":
        return None
    return identity.replace("outsider_", "")


def expected_access(rule, identity: str) -> bool | None:
    """True when the identity must get in, False when it must be refused, None when the rule decides alone."""
    role = _role_of(identity)
    if rule.kind == "public":
        return True
    if role is None:
        return False
    if rule.kind == "login":
        return True
    if rule.roles and role not in rule.roles:
        return False
    if rule.kind == "group":
        if identity.startswith("outsider_"):
            return False
        return None if rule.group_check else True
    if rule.kind == "custom":
        return None
    return True


def _outside_scope(rule, identity: str) -> bool:
    """An outsider whose role the group rule admits: only the group's scope keeps them out."""
    return rule.kind == "group" and identity.startswith("outsider_") and (
        not rule.roles or _role_of(identity) in rule.roles)


def build_url(app, url_rule: Rule, world: World) -> str:
    values = {}
    for argument in url_rule.arguments:
        assert argument in URL_SAMPLES, (
            f"route {url_rule.rule} has parameter <{argument}>: add a sample value to URL_SAMPLES in {__file__}"
        )
        values[argument] = URL_SAMPLES[argument](world)
    with app.test_request_context():
        from flask import url_for

        return url_for(url_rule.endpoint, **values)


def client_for(app, identity: str, world: World):
    from partnership.auth import sessions

    client = app.test_client()
    if identity != "anonymous":
        user = world.users[identity]
        token = sessions.start(user)  # a live server-side session, as a real sign-in makes
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
            session[sessions.SESSION_KEY] = token
    return client


def walk_routes(app):
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint == "static":
            continue
        yield url_rule, app.view_functions[url_rule.endpoint]


def test_every_route_has_an_explicit_rule(app):
    missing = [r.rule for r, view in walk_routes(app) if rule_of(view) is None]
    assert not missing, f"routes without an access rule (use a decorator from partnership.access): {missing}"


def test_the_walk_covers_the_application(app):
    endpoints = {r.endpoint for r, _ in walk_routes(app)}
    # A sanity floor: if blueprints stop registering, the matrix below would pass vacuously.
    assert {"main.dashboard", "groups.detail", "admin.user_list", "auth.login"} <= endpoints


@pytest.mark.parametrize("identity", IDENTITIES)
def test_access_matrix(app, world, identity):
    client = client_for(app, identity, world)
    problems = []
    checked = 0
    for url_rule, view in walk_routes(app):
        rule = rule_of(view)
        url = build_url(app, url_rule, world)
        expected = expected_access(rule, identity)
        for method in sorted((url_rule.methods or set()) & {"GET", "POST"}):
            # Allowed POSTs change state (they are covered by feature tests); here only refusals are walked.
            if method == "POST" and expected is not False:
                continue
            response = client.open(url, method=method, headers={"Accept": "text/html"})
            status = response.status_code
            checked += 1
            refused = status in (401, 403) or (
                status == 302 and "/auth/login" in response.headers.get("Location", "")
            )
            if expected is False and not (refused or status == 404):
                problems.append(f"{identity} reached {method} {url} ({status}); rule: {rule.description}")
            elif expected is False and _outside_scope(rule, identity) and status != 404:
                # Another group's objects answer like missing ones: a 403 would confirm they exist.
                problems.append(f"{identity} got {status}, not 404, for another group's {method} {url}")
            elif expected is True and (refused or status >= 500):
                problems.append(f"{identity} was refused {method} {url} ({status}); rule: {rule.description}")
            elif status >= 500:
                problems.append(f"{identity} got a server error on {method} {url}")
    assert checked > 10
    assert not problems, "\n".join(problems)
