"""Irreversible actions ask first, with or without JavaScript (partnership/confirm.py, macro confirm_button).

The button is a GET form to the action's URL: the page there says what will happen and
posts the action; nothing changes until that POST. With JavaScript the same form
carries the question for a dialog.
"""
from __future__ import annotations

from partnership.auth.models import User
from partnership.auth.roles import Role
from partnership.groups.models import MembershipStatus
from tests import factories
from tests.conftest import login


def _trigger(html: str, url: str) -> bool:
    """The page shows a confirm_button for `url`: a GET form carrying the dialog's question."""
    return f'<form method="get" action="{url}" class="confirm-trigger"' in html


def test_withdrawing_an_invitation_asks_first_and_the_page_posts_it(client, db, group, planner):
    invitee = factories.user(role=Role.PARTNER, email="invitee@test.example")
    org = factories.organisation(group, invitee, status=MembershipStatus.INVITED, name="Clube Desportivo")
    url = f"/groups/{group.id}/members/{org.id}/withdraw"
    login(client, planner)
    members = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert _trigger(members, url) and 'data-confirm="Withdraw the invitation of Clube Desportivo?"' in members

    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Withdraw the invitation of Clube Desportivo?" in html
    assert f'<form method="post" action="{url}"' in html and "Yes, withdraw the invitation" in html
    assert 'class="group-nav"' in html  # the page keeps the group's tabs
    db.session.refresh(org)
    assert org.status == MembershipStatus.INVITED  # asking changes nothing

    client.post(url)
    db.session.refresh(org)
    assert org.status == MembershipStatus.DECLINED


def test_disabling_an_account_asks_first(client, db, admin_user, partner):
    login(client, admin_user)
    url = f"/admin/users/{partner.id}/active"
    assert _trigger(client.get(f"/admin/users/{partner.id}").get_data(as_text=True), url)
    page = client.get(url).get_data(as_text=True)
    assert "Disable the account of" in page and "can no longer sign in" in page
    assert db.session.get(User, partner.id).active
    client.post(url)
    db.session.expire_all()
    assert not db.session.get(User, partner.id).active


def test_declining_an_invitation_asks_first(client, db, group, planner):
    invitee = factories.user(role=Role.PARTNER, email="invitee@test.example")
    org = factories.organisation(group, invitee, status=MembershipStatus.INVITED, name="Clube Desportivo")
    url = f"/groups/{group.id}/members/{org.id}/decline"
    login(client, invitee)
    assert _trigger(client.get(f"/groups/{group.id}/invitation").get_data(as_text=True), url)
    assert "Decline the invitation for Clube Desportivo?" in client.get(url).get_data(as_text=True)
    db.session.refresh(org)
    assert org.status == MembershipStatus.INVITED


def test_the_dialog_script_is_on_every_page_and_has_the_token(client, planner):
    login(client, planner)
    html = client.get("/dashboard").get_data(as_text=True)
    assert '<meta name="csrf-token"' in html and "/static/js/confirm.js" in html
    script = client.get("/static/js/confirm.js").get_data(as_text=True)
    assert "showModal" in script and "textContent" in script  # the question is text, never HTML
