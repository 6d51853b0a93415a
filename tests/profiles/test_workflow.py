"""Drafting, frozen adopted versions, readable diffs, adoption under the charter's rule, traceability both ways."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from partnership.audit.models import AuditEvent
from partnership.groups.models import Decision
from partnership.groups.progress import group_steps
from partnership.profiles import adoption, diff, drafting, traceability
from partnership.profiles.drafting import ProfileError
from partnership.profiles.models import ProfileStatus, RequirementKind
from tests import factories
from tests.profiles.factories import adopted_needs_list, adopted_profile_for, draft_profile_for


def test_a_draft_starts_from_the_team_model(db, group, planner):
    profile = draft_profile_for(group, team_model="internet_patrol", user=planner)
    assert [r.key for r in profile.roles] == ["operator_engagement", "operator_research", "team_leader"]
    operator = profile.roles[0]
    kinds = {r.kind for r in operator.requirements}
    assert {"competence", "time_split", "condition"} <= kinds
    assert any(r.kind == "condition" and r.value == "profile_safety_training" for r in operator.requirements)
    with pytest.raises(ProfileError):
        drafting.start(group, "neighbourhood", user=planner)  # one draft at a time
    with pytest.raises(ProfileError):
        drafting.start(group, "referral_unit", user=planner)


def test_traceability_both_ways(db, group, planner):
    needs_list = adopted_needs_list(group)
    drug, scams, lighting = sorted(needs_list.needs, key=lambda n: n.rank)
    profile = drafting.start(group, "digital_officer", user=planner)
    trace = traceability.trace(profile)
    assert [n.id for n in trace.uncovered] == [drug.id, scams.id, lighting.id]
    everything = [r for role in profile.roles for r in role.requirements]
    assert len(traceability.unanswering(profile)) == len(everything)

    officer = profile.roles[0]
    policing = next(r for r in officer.requirements if r.value == "rad.community_policing")
    drafting.edit_requirement(policing, level=3, need_ids=[str(drug.id), "999999", "x"], note="Chelas station")
    assert policing.need_ids == [drug.id]  # ids outside the adopted list are dropped
    digital = next(r for r in profile.roles if r.key == "digital_community_officer")
    drafting.add_requirement(digital, kind=RequirementKind.COMPETENCE, value="dig.disinformation", level=1,
                             need_ids=[scams.id])
    trace = traceability.trace(profile)
    assert [n.id for n in trace.uncovered] == [lighting.id]
    assert {r.value for r in trace.answered_by[drug.id]} == {"rad.community_policing"}
    unanswering = traceability.unanswering(profile)
    assert policing not in unanswering and len(unanswering) == len(everything) - 1


def test_bad_input_is_refused_with_a_reason_and_loses_nothing(db, group, planner):
    profile = draft_profile_for(group, user=planner)
    role = profile.roles[0]
    count = len(role.requirements)
    for kind, value, level in [("competence", "no.such", 2), ("competence", "dco.tone", 7), ("language", "klingon", None),
                               ("platform", "myspace", None), ("time_split", "140", None), ("hours", "  ", None),
                               ("wishes", "x", None)]:
        with pytest.raises(ProfileError):
            drafting.add_requirement(role, kind=kind, value=value, level=level)
    with pytest.raises(ProfileError):
        drafting.add_requirement(role, kind="competence", value="rad.community_policing", level=1)  # already there
    with pytest.raises(ProfileError):
        drafting.add_role(profile, title="", count=1)
    with pytest.raises(ProfileError):
        drafting.add_role(profile, title="Liaison", count="zero")
    db.session.rollback()
    assert len(role.requirements) == count
    drafting.add_requirement(role, kind="time_split", value="30")
    assert [r.value for r in role.requirements if r.kind == "time_split"] == ["30"]  # one split per role


def test_an_adopted_version_is_frozen_and_a_new_version_shows_a_readable_diff(db, group, planner):
    first = adopted_profile_for(group, user=planner)
    role = first.roles[0]
    with pytest.raises(ProfileError, match="frozen"):
        drafting.add_requirement(role, kind="language", value="kea")
    with pytest.raises(ProfileError):
        drafting.edit_role(role, title="Other", count=9, purpose="", responsibilities="")
    with pytest.raises(ProfileError):
        drafting.comment(role.requirements[0], body="Too late?", user=planner)

    second = drafting.new_version(first, user=planner)
    assert second.version == 2 and second.previous_id == first.id and second.status == ProfileStatus.DRAFT
    assert drafting.new_version(first, user=planner).id == second.id  # not two drafts
    officers = next(r for r in second.roles if r.key == "community_officer")
    drafting.edit_role(officers, title=officers.title, count=6, purpose=officers.purpose,
                       responsibilities=officers.responsibilities)
    drafting.add_requirement(officers, kind="language", value="kea")
    policing = next(r for r in officers.requirements if r.value == "rad.community_policing")
    drafting.edit_requirement(policing, level=3, need_ids=policing.need_ids, note="")
    split = next(r for r in next(r for r in second.roles if r.key == "digital_community_officer").requirements
                 if r.kind == "time_split")
    drafting.edit_requirement(split, value="60", need_ids=[], note="")
    leader = next(r for r in second.roles if r.key == "team_leader")
    drafting.remove_role(leader)

    changes = [(c.kind, c.where, c.text) for c in diff.compare(first, second)]
    assert ("changed", "Community officer", "Officers: 4 → 6") in changes
    assert ("added", "Community officer", "Language: Cape Verdean Creole") in changes
    assert ("changed", "Community officer",
            "Community policing, at experienced level → Community policing, at expert level") in changes
    assert ("changed", "Digital community officer",
            "50% of the time online, 50% on the street → 60% of the time online, 40% on the street") in changes
    assert ("removed", "Team leader", "Role removed: Team leader (1)") in changes
    # The adopted version is untouched.
    assert next(r for r in first.roles if r.key == "community_officer").count == 4
    assert any(r.key == "team_leader" for r in first.roles)


def test_adoption_is_a_recorded_decision_under_the_charters_rule(db, group, planner, partner, municipality):
    profile = draft_profile_for(group, user=planner)
    with pytest.raises(ProfileError, match="charter"):
        adoption.adopt(profile, method="consensus", user=planner)
    second = factories.organisation(group, factories.user())
    factories.charter(group, rule="all_members", signed_by=list(group.active_organisations))
    assert "all 2 active member organisations" in adoption.decision_rule(group)
    with pytest.raises(ProfileError, match="charter's rule"):
        adoption.adopt(profile, method="vote", user=planner, votes_for=1, votes_against=1)
    with pytest.raises(ProfileError):
        adoption.adopt(profile, method="vote", user=planner, votes_for=None, votes_against=None)
    assert profile.status == ProfileStatus.DRAFT and group_steps(group)[2].state == "in_progress"
    decision = adoption.adopt(profile, method="vote", user=planner, votes_for=2, votes_against=0, votes_abstain=0)
    assert second.id and profile.status == ProfileStatus.ADOPTED and profile.decision_id == decision.id
    stored = db.session.scalar(select(Decision).where(Decision.subject == f"team_profile:{profile.id}"))
    assert stored.votes_for == 2 and "Community officer" in stored.text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.adopted"))
    step = group_steps(group)[2]
    assert step.state == "complete" and "Version 1" in step.summary
    with pytest.raises(ProfileError):
        adoption.adopt(profile, method="consensus", user=planner)
