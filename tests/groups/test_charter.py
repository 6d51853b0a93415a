"""Charter versions and sign-off rules: the heart of Step 1's completion."""
from __future__ import annotations

import re

import pytest

from partnership.groups import charter
from partnership.groups.errors import GroupError
from partnership.groups.models import CharterSignOff, CharterVersion, MembershipStatus, SignOffRule, StakeholderType
from partnership.groups.progress import COMPLETE, IN_PROGRESS, charter_is_binding, step_one
from tests import factories
from tests.groups.builders import audit_count, count

SECTIONS = {"purpose": "Plan community policing together.", "territory": "Marvila and Beato.",
            "decision_making": "By consensus.", "meeting_rhythm": "Monthly", "data_protection": "Aggregates only."}


def adopt(p, rule=SignOffRule.DEFAULT, **changes) -> CharterVersion:
    return charter.new_version(p.group, sections={**SECTIONS, **changes}, sign_off_rule=rule, created_by=p.users["planner"])


def sign(version, org):
    return charter.sign(version, org, org.representative)


def test_default_rule_needs_police_municipality_and_two_community_organisations(partnership):
    p = partnership
    version = adopt(p)
    sign(version, p.police)
    sign(version, p.municipality)
    sign(version, p.residents)
    assert not charter_is_binding(version)
    assert step_one(p.group).state == IN_PROGRESS
    assert [done for _, done in step_one(p.group).checklist][-3:] == [True, True, False]
    sign(version, p.school)
    assert charter_is_binding(version)
    assert step_one(p.group).state == COMPLETE


def test_default_rule_is_not_met_without_the_police(partnership):
    p = partnership
    version = adopt(p)
    extra = factories.organisation(p.group, factories.user(), StakeholderType.NGO, name="NGO")
    for org in (p.municipality, p.residents, p.school, extra):
        sign(version, org)
    assert not charter_is_binding(version)


def test_all_members_rule_needs_every_active_organisation(partnership):
    p = partnership
    version = adopt(p, SignOffRule.ALL_MEMBERS)
    for org in (p.police, p.municipality, p.residents):
        sign(version, org)
    assert not charter_is_binding(version)
    sign(version, p.school)
    assert charter_is_binding(version)


def test_majority_rule_needs_more_than_half(partnership):
    p = partnership
    version = adopt(p, SignOffRule.MAJORITY)
    sign(version, p.residents)
    sign(version, p.school)
    assert not charter_is_binding(version)  # 2 of 4 is not more than half
    sign(version, p.municipality)
    assert charter_is_binding(version)


def test_an_organisation_that_leaves_no_longer_counts(partnership):
    from partnership.groups import membership

    p = partnership
    version = adopt(p, SignOffRule.ALL_MEMBERS)
    for org in (p.police, p.municipality, p.residents):
        sign(version, org)
    membership.leave_group(p.school, p.users["school"])
    assert charter_is_binding(version)  # the three remaining members all signed


def test_a_lone_organisation_never_completes_step_one(db, group):
    version = factories.charter(group, rule=SignOffRule.ALL_MEMBERS, signed_by=list(group.organisations))
    assert charter_is_binding(version)
    assert step_one(group).state == IN_PROGRESS


def test_a_new_version_needs_new_sign_offs_and_the_old_one_cannot_be_signed(partnership):
    p = partnership
    first = adopt(p)
    for org in (p.police, p.municipality, p.residents, p.school):
        sign(first, org)
    assert step_one(p.group).state == COMPLETE
    second = adopt(p, meeting_rhythm="Every two weeks")
    assert second.number == 2 and second.sign_offs == []
    assert step_one(p.group).state == IN_PROGRESS
    with pytest.raises(GroupError, match="replaced"):
        sign(first, p.police)
    sign(second, p.police)
    assert len(first.sign_offs) == 4 and len(second.sign_offs) == 1


def test_a_partner_cannot_sign_for_another_organisation(partnership):
    p = partnership
    version = adopt(p)
    with pytest.raises(GroupError, match="Only the representative"):
        charter.sign(version, p.school, p.users["partner"])
    assert count(CharterSignOff) == 0


def test_an_invited_organisation_cannot_sign_until_it_accepts(partnership):
    p = partnership
    newcomer = factories.user(email="ngo@test.example")
    invited = factories.organisation(p.group, newcomer, StakeholderType.NGO, status=MembershipStatus.INVITED, name="NGO")
    version = adopt(p)
    with pytest.raises(GroupError, match="must accept its invitation"):
        charter.sign(version, invited, newcomer)
    assert count(CharterSignOff) == 0


def test_an_organisation_signs_a_version_once(partnership):
    p = partnership
    version = adopt(p)
    sign(version, p.residents)
    with pytest.raises(GroupError, match="already signed"):
        sign(version, p.residents)
    assert count(CharterSignOff) == 1
    assert audit_count("charter.signed") == 1


def test_a_version_without_changes_is_refused(partnership):
    p = partnership
    adopt(p)
    with pytest.raises(GroupError, match="Nothing has changed"):
        adopt(p)
    adopt(p, SignOffRule.MAJORITY)  # a different rule is a change
    assert count(CharterVersion) == 2


@pytest.mark.parametrize("section", list(SECTIONS))
def test_every_section_is_required(partnership, section):
    with pytest.raises(GroupError) as refused:
        adopt(partnership, **{section: "   "})
    assert refused.value.field == section
    assert count(CharterVersion) == 0


def test_changes_show_words_added_and_removed(partnership):
    p = partnership
    first = adopt(p)
    second = adopt(p, decision_making="By consensus, or else a simple majority.")
    rows = {c.name: c for c in charter.changes(first, second)}
    assert not rows["purpose"].changed
    assert rows["decision_making"].changed
    pieces = rows["decision_making"].pieces
    assert ("removed", "consensus.") in pieces
    assert any(op == "added" and "majority." in text for op, text in pieces)
    assert "".join(t for op, t in pieces if op != "removed") == second.decision_making
    assert "".join(t for op, t in pieces if op != "added") == first.decision_making


# --- through the pages ---------------------------------------------------------------------------

def test_planner_drafts_and_the_form_starts_from_the_current_text(client, login_as, partnership):
    p = partnership
    login_as(p.users["planner"])
    page = client.get(f"/groups/{p.group.id}/charter/new")
    assert page.status_code == 200
    response = client.post(f"/groups/{p.group.id}/charter/new", data={**SECTIONS, "sign_off_rule": "default"})
    assert response.status_code == 302
    assert audit_count("charter.version_created") == 1
    page = client.get(f"/groups/{p.group.id}/charter/new").get_data(as_text=True)
    assert "Plan community policing together." in page and "Charter version 2" in page
    assert re.search(r'<input checked[^>]*value="default"', page)


def test_charter_form_with_bad_input_keeps_what_was_typed_and_stores_nothing(client, login_as, partnership):
    login_as(partnership.users["planner"])
    typed = {**SECTIONS, "purpose": "A purpose typed with care", "territory": "", "meeting_rhythm": "x" * 201,
             "sign_off_rule": "default"}
    response = client.post(f"/groups/{partnership.group.id}/charter/new", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A purpose typed with care" in html
    assert "error-summary" in html
    assert count(CharterVersion) == 0


def test_charter_form_refuses_an_unknown_rule(client, login_as, partnership):
    login_as(partnership.users["planner"])
    response = client.post(f"/groups/{partnership.group.id}/charter/new", data={**SECTIONS, "sign_off_rule": "dictator"})
    assert response.status_code == 400
    assert count(CharterVersion) == 0


def test_partners_cannot_draft_the_charter(client, login_as, partnership):
    login_as(partnership.users["partner"])
    assert client.get(f"/groups/{partnership.group.id}/charter/new").status_code == 403
    response = client.post(f"/groups/{partnership.group.id}/charter/new", data={**SECTIONS, "sign_off_rule": "default"})
    assert response.status_code == 403
    assert count(CharterVersion) == 0


def test_partner_signs_through_the_charter_page(client, login_as, partnership):
    p = partnership
    version = adopt(p)
    login_as(p.users["partner"])
    page = client.get(f"/groups/{p.group.id}/charter").get_data(as_text=True)
    assert f"Sign version 1 for {p.residents.name}" in page
    assert f"Sign version 1 for {p.school.name}" not in page
    response = client.post(f"/groups/{p.group.id}/charter/1/sign", data={"organisation_id": p.residents.id})
    assert response.status_code == 302
    assert [s.organisation_id for s in version.sign_offs] == [p.residents.id]
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "has signed charter version 1" in page
    assert f"Sign version 1 for {p.residents.name}" not in page


def test_partner_posting_another_organisations_id_signs_nothing(client, login_as, partnership):
    p = partnership
    adopt(p)
    login_as(p.users["partner"])
    page = client.post(f"/groups/{p.group.id}/charter/1/sign", data={"organisation_id": p.school.id}, follow_redirects=True)
    assert "Only the representative of" in page.get_data(as_text=True)
    assert count(CharterSignOff) == 0


def test_version_page_shows_the_redline_and_print_page_renders(client, login_as, partnership):
    p = partnership
    adopt(p)
    adopt(p, territory="Marvila, Beato and Olivais.")
    login_as(p.users["partner"])
    html = client.get(f"/groups/{p.group.id}/charter/2").get_data(as_text=True)
    assert "<ins>" in html and "Olivais." in html and "<del>" in html
    old = client.get(f"/groups/{p.group.id}/charter/1").get_data(as_text=True)
    assert "has been replaced by version 2" in old and "Sign version 1" not in old
    printable = client.get(f"/groups/{p.group.id}/charter/2/print")
    assert printable.status_code == 200 and "Marvila, Beato and Olivais." in printable.get_data(as_text=True)
    assert client.get(f"/groups/{p.group.id}/charter/9").status_code == 404
