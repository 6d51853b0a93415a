"""Administrators invite, disable and change roles; each action is audited."""
from __future__ import annotations

import re

from sqlalchemy import select

from partnership.audit.models import AuditEvent
from partnership.auth.models import User
from tests.conftest import login


def test_admin_invites_a_user_who_then_sets_a_password(client, db, admin_user, municipality):
    login(client, admin_user)
    response = client.post("/admin/users", data={
        "email": "rita@cm.example", "name": "Rita", "role": "reviewer",
        "organisation_name": "CML", "municipality_id": municipality.id,
    })
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    link = re.search(r'>(http://[^<]+/auth/invitation/[^<]+)</textarea>', page).group(1)
    user = db.session.scalar(select(User).where(User.email == "rita@cm.example"))
    assert user.password_hash is None and user.municipality_id == municipality.id
    client.post("/auth/logout")
    path = link.split("localhost", 1)[1]
    assert client.post(path, data={"password": "rita's passphrase", "confirm": "rita's passphrase"}).status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "admin.user_invited")).target == "rita@cm.example"


def test_invite_rejects_duplicates_and_reviewers_without_municipality(client, db, admin_user, partner):
    login(client, admin_user)
    dup = client.post("/admin/users", data={"email": partner.email.upper(), "name": "X", "role": "partner", "municipality_id": 0})
    assert dup.status_code == 400 and "already exists" in dup.get_data(as_text=True)
    no_muni = client.post("/admin/users", data={"email": "r@x.example", "name": "R", "role": "reviewer", "municipality_id": 0})
    assert no_muni.status_code == 400 and "needs a municipality" in no_muni.get_data(as_text=True)
    # The typed values stay in the form.
    assert 'value="r@x.example"' in no_muni.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "r@x.example")) is None


def test_role_change_and_disable_are_audited(client, db, admin_user, partner):
    login(client, admin_user)
    assert client.post(f"/admin/users/{partner.id}", data={"role": "planner", "municipality_id": 0}).status_code == 302
    assert client.post(f"/admin/users/{partner.id}/active").status_code == 302
    db.session.refresh(partner)
    assert partner.role == "planner" and partner.active is False
    events = {e.action: e for e in db.session.scalars(select(AuditEvent))}
    assert events["admin.role_changed"].details == {"from": "partner", "to": "planner"}
    assert "admin.user_disabled" in events
    audit_page = client.get("/admin/audit/").get_data(as_text=True)
    assert "admin.role_changed" in audit_page and partner.email in audit_page


def test_admin_cannot_lock_themselves_out(client, db, admin_user):
    login(client, admin_user)
    response = client.post(f"/admin/users/{admin_user.id}", data={"role": "partner", "municipality_id": 0})
    assert response.status_code == 400
    assert "cannot remove your own administrator role" in response.get_data(as_text=True)
    client.post(f"/admin/users/{admin_user.id}/active")
    db.session.refresh(admin_user)
    assert admin_user.role == "admin" and admin_user.active


def test_invite_form_has_no_default_role(client, db, admin_user):
    login(client, admin_user)
    page = client.get("/admin/users").get_data(as_text=True)
    # The empty prompt comes first and nothing else is preselected.
    assert '<select id="role" name="role" required><option value="">Choose a role</option>' in page
    assert 'value="admin" selected' not in page
    missed = client.post("/admin/users", data={"email": "new@x.example", "name": "New", "role": "", "municipality_id": 0})
    assert missed.status_code == 400 and "Choose the role of the new user." in missed.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new@x.example")) is None
