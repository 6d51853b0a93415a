"""Inviting organisations, answering invitations, mandates and leaving."""
from __future__ import annotations

import pytest

from partnership.auth.roles import Role
from partnership.groups import membership
from partnership.groups.errors import GroupError
from partnership.groups.models import MemberOrganisation, MembershipStatus, StakeholderType
from tests import factories
from tests.groups.builders import audit_count, count

INVITE = {"name": "Centro de Saude de Marvila", "stakeholder_type": "health_service",
          "representative_email": "saude@test.example", "mandate": "Delegation of the director"}


@pytest.fixture
def health_rep(db):
    return factories.user(role=Role.PARTNER, email="saude@test.example", name="Helena Saude")


def invite(group, planner, **changes):
    values = {**INVITE, **changes}
    return membership.invite_organisation(group, invited_by=planner, **values)


def test_invitation_accepted_makes_an_active_member(db, group, planner, health_rep):
    org = invite(group, planner)
    assert org.status == MembershipStatus.INVITED and org.representative == health_rep
    membership.accept_invitation(org, health_rep)
    assert org.status == MembershipStatus.ACTIVE and org.joined_at is not None
    assert audit_count("member.invited") == 1 and audit_count("member.joined") == 1


def test_only_the_named_representative_answers(db, group, planner, partner, health_rep):
    org = invite(group, planner)
    with pytest.raises(GroupError, match="Only the named representative"):
        membership.accept_invitation(org, partner)
    assert org.status == MembershipStatus.INVITED


def test_unknown_email_tells_the_planner_to_ask_an_administrator(db, group, planner):
    with pytest.raises(GroupError, match="Ask an administrator to invite") as refused:
        invite(group, planner, representative_email="nobody@test.example")
    assert refused.value.field == "representative_email"
    assert count(MemberOrganisation) == 1


def test_administrators_and_reviewers_cannot_represent_an_organisation(db, group, planner, reviewer):
    with pytest.raises(GroupError, match="partner or police planner account"):
        invite(group, planner, representative_email=reviewer.email)


def test_an_organisation_is_not_invited_twice(db, group, planner, health_rep):
    invite(group, planner)
    with pytest.raises(GroupError, match="already been invited"):
        invite(group, planner, name="centro de saude de marvila")  # case and spacing do not make a new one
    assert count(MemberOrganisation) == 2


def test_one_person_represents_one_organisation_per_group(db, group, planner, partner):
    with pytest.raises(GroupError, match="already represents") as refused:
        invite(group, planner, representative_email=partner.email)
    assert refused.value.field == "representative_email"


def test_a_declined_organisation_can_be_invited_again(db, group, planner, health_rep):
    org = invite(group, planner)
    membership.decline_invitation(org, health_rep)
    again = invite(group, planner, mandate="New mandate")
    assert again.id == org.id and again.status == MembershipStatus.INVITED and again.mandate == "New mandate"


def test_leaving_keeps_history_and_removes_access(db, group, partner):
    from partnership.groups.permissions import can_view_group

    org = group.organisations[0]
    membership.leave_group(org, partner)
    assert org.status == MembershipStatus.LEFT and org.left_at is not None
    assert not can_view_group(partner, group)
    assert audit_count("member.left") == 1
    with pytest.raises(GroupError, match="not an active member"):
        membership.leave_group(org, partner)


def test_a_partner_cannot_end_another_organisations_membership(db, group, planner, partner, health_rep):
    residents = group.organisations[0]
    org = invite(group, planner)
    membership.accept_invitation(org, health_rep)
    with pytest.raises(GroupError, match="Only the representative"):
        membership.leave_group(residents, health_rep)
    assert residents.status == MembershipStatus.ACTIVE


def test_withdrawing_is_for_unanswered_invitations_and_the_planning_team(db, group, planner, partner, health_rep):
    org = invite(group, planner)
    with pytest.raises(GroupError, match="planning team"):
        membership.withdraw_invitation(org, partner)
    membership.withdraw_invitation(org, planner)
    assert org.status == MembershipStatus.DECLINED
    with pytest.raises(GroupError, match="unanswered"):
        membership.withdraw_invitation(org, planner)


# --- through the pages ---------------------------------------------------------------------------

def test_planner_invites_through_the_form(client, login_as, group, planner, health_rep):
    login_as(planner)
    response = client.post(f"/groups/{group.id}/members/invite", data=INVITE)
    assert response.status_code == 302
    org = next(o for o in group.organisations if o.name == INVITE["name"])
    assert org.stakeholder == StakeholderType.HEALTH_SERVICE and org.mandate == INVITE["mandate"]


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Enter the name of the organisation."),
    ("stakeholder_type", "police_state", "Not a valid choice"),
    ("representative_email", "not-an-email", "Enter an email address like name@example.org."),
    ("representative_email", "nobody@test.example", "Ask an administrator to invite this person"),
    ("mandate", "m" * 2001, "Field cannot be longer than 2000 characters."),
])
def test_invite_form_bad_input_keeps_typed_values_and_stores_nothing(client, login_as, group, planner, health_rep,
                                                                    field, value, message):
    login_as(planner)
    typed = {**INVITE, field: value}
    response = client.post(f"/groups/{group.id}/members/invite", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert "error-summary" in html
    for key in ("name", "representative_email"):
        if typed[key] and key != field:
            assert f'value="{typed[key]}"' in html
    assert count(MemberOrganisation) == 1
    assert audit_count("member.invited") == 0


def test_partners_cannot_invite(client, login_as, group, partner, health_rep):
    login_as(partner)
    assert client.post(f"/groups/{group.id}/members/invite", data=INVITE).status_code == 403
    assert count(MemberOrganisation) == 1


def test_invited_representative_sees_the_invitation_and_accepts(client, login_as, group, planner, health_rep):
    org = invite(group, planner)
    login_as(health_rep)
    listing = client.get("/groups/").get_data(as_text=True)
    assert f"{org.name} is invited to join {group.name}" in listing
    # Not yet a member: the group page leads to the invitation, nothing more.
    response = client.get(f"/groups/{group.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/groups/{group.id}/invitation")
    assert client.get(f"/groups/{group.id}/members").status_code == 404
    page = client.get(f"/groups/{group.id}/invitation").get_data(as_text=True)
    assert f"Accept for {org.name}" in page and INVITE["mandate"] in page
    response = client.post(f"/groups/{group.id}/members/{org.id}/accept")
    assert response.status_code == 302
    assert org.status == MembershipStatus.ACTIVE
    assert client.get(f"/groups/{group.id}/members").status_code == 200


def test_invited_representative_declines(client, login_as, group, planner, health_rep):
    org = invite(group, planner)
    login_as(health_rep)
    assert client.post(f"/groups/{group.id}/members/{org.id}/decline").status_code == 302
    assert org.status == MembershipStatus.DECLINED
    assert client.get(f"/groups/{group.id}").status_code == 404


def test_someone_else_cannot_accept_an_invitation(client, login_as, group, planner, partner, health_rep):
    org = invite(group, planner)
    login_as(partner)
    page = client.post(f"/groups/{group.id}/members/{org.id}/accept", follow_redirects=True)
    assert "Only the named representative" in page.get_data(as_text=True)
    assert org.status == MembershipStatus.INVITED


def test_member_leaves_after_confirming(client, login_as, group, partner):
    org = group.organisations[0]
    login_as(partner)
    confirm = client.get(f"/groups/{group.id}/members/{org.id}/leave")
    assert confirm.status_code == 200 and "Yes, leave the group" in confirm.get_data(as_text=True)
    assert org.status == MembershipStatus.ACTIVE  # opening the confirmation changes nothing
    response = client.post(f"/groups/{group.id}/members/{org.id}/leave")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert org.status == MembershipStatus.LEFT
    assert client.get(f"/groups/{group.id}").status_code == 404


def test_mandate_form_bad_input_keeps_text_and_stores_nothing(client, login_as, group, partner):
    org = group.organisations[0]
    login_as(partner)
    too_long = "x" * 2001
    response = client.post(f"/groups/{group.id}/members/{org.id}/mandate", data={"mandate": too_long})
    assert response.status_code == 400 and too_long in response.get_data(as_text=True)
    assert org.mandate == ""
    response = client.post(f"/groups/{group.id}/members/{org.id}/mandate", data={"mandate": "Board decision of May"})
    assert response.status_code == 302 and org.mandate == "Board decision of May"


def test_organisation_of_another_group_is_not_found_here(client, login_as, db, group, planner, municipality):
    other = factories.security_group(municipality, planners=[planner], partner=factories.user())
    login_as(planner)
    foreign = other.organisations[0]
    assert client.get(f"/groups/{group.id}/members/{foreign.id}/mandate").status_code == 404
    assert client.post(f"/groups/{group.id}/members/{foreign.id}/leave").status_code == 404
    assert foreign.status == MembershipStatus.ACTIVE
