"""Group pages offer each person only the actions the server lets them take.

Every link and form on the group's pages that leads to an action is checked against the
route's own access rule (`partnership.access`), for planners, partners and reviewers: a
button the server would refuse must not be shown.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from partnership.access import rule_of
from partnership.groups.permissions import can_view_group
from tests import factories
from tests.groups.builders import meeting

TARGET = re.compile(r'<(a|form)\b[^>]*?(?:href|action)="([^"]+)"[^>]*>', re.S)


def _allowed(app, user, group, path: str, method: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method=method)
    except HTTPException:
        return False
    rule = rule_of(app.view_functions[endpoint])
    if rule.kind in ("public", "login"):
        return True
    if rule.roles and user.role not in rule.roles:
        return False
    if rule.kind == "group":
        return (rule.group_check or can_view_group)(user, group)
    return True


def _actions(html: str, group_id: int):
    for tag, url in TARGET.findall(html):
        path = urlsplit(url.replace("&amp;", "&")).path
        if not path.startswith(f"/groups/{group_id}/"):
            continue
        opening = re.search(rf'<{tag}\b[^>]*?"{re.escape(url)}"[^>]*>', html).group(0)
        method = "POST" if tag == "form" and 'method="post"' in opening.lower() else "GET"
        yield path, method


@pytest.mark.parametrize("who", ["planner", "partner", "municipal", "reviewer"])
def test_group_pages_show_only_what_the_server_allows(app, client, login_as, partnership, reviewer, who):
    p = partnership
    held = meeting(p.group, days_ago=2, present=[p.police, p.residents])
    meeting(p.group, days_ago=-10, title="Next month")
    factories.charter(p.group)
    user = reviewer if who == "reviewer" else p.users[who]
    login_as(user)
    pages = ["", "/members", "/charter", "/meetings", f"/meetings/{held.id}", "/decisions"]
    refused, checked = [], 0
    for page in pages:
        response = client.get(f"/groups/{p.group.id}{page}")
        assert response.status_code == 200, page
        for path, method in _actions(response.get_data(as_text=True), p.group.id):
            checked += 1
            if not _allowed(app, user, p.group, path, method):
                refused.append(f"{page or '/'}: {method} {path}")
    assert checked >= 10  # the walk found the pages' links and forms
    assert not refused, f"{who} is shown actions the server refuses:\n" + "\n".join(refused)


def test_reviewers_see_no_record_keeping_buttons(client, login_as, partnership, reviewer):
    p = partnership
    held = meeting(p.group, days_ago=2)
    login_as(reviewer)
    page = client.get(f"/groups/{p.group.id}/meetings/{held.id}").get_data(as_text=True)
    for label in ("Record a decision", "Edit the meeting", "Save attendance", "Save the minutes"):
        assert label not in page
