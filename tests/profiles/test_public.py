"""The public face of Step 3 that later steps read: the adopted profile and the factory they use."""
from __future__ import annotations

from partnership.profiles import drafting, public
from partnership.profiles.models import ProfileStatus
from tests.profiles.factories import adopted_profile_for, draft_profile_for


def test_no_profile_until_the_group_adopts_one(db, group):
    assert public.adopted_profile(group) is None
    draft_profile_for(group)
    assert public.adopted_profile(group) is None
    assert drafting.draft_of(group) is not None


def test_the_factory_adopts_a_real_profile_that_later_steps_can_read(db, group):
    row = adopted_profile_for(group, competences={"digital_community_officer": [("dig.disinformation", 3)]},
                              languages={"community_officer": ["kea"]}, platforms={"digital_community_officer": ["discord"]})
    assert row.status == ProfileStatus.ADOPTED and row.decision_id
    profile = public.adopted_profile(group)
    assert profile.profile_id == row.id and profile.version == 1 and profile.group_id == group.id
    assert profile.team_model == "digital_officer"
    assert profile.team_model_name == "Digital community officer (Dutch model)"
    roles = {r.key: r for r in profile.roles}
    assert set(roles) == {"community_officer", "digital_community_officer", "team_leader"}
    dco = roles["digital_community_officer"]
    assert dco.online_share == 50 and "discord" in dco.platforms
    assert ("dig.disinformation", 3) in {(c.code, c.level) for c in dco.competences}
    assert any("Profile safety" in c for c in dco.conditions)
    assert roles["community_officer"].languages == ("kea",)
    assert roles["community_officer"].count == 4
    assert len(profile.need_ids) == 3
    assert public.current_adopted(group).id == row.id


def test_a_new_adopted_version_replaces_the_old_one(db, group, planner):
    first = adopted_profile_for(group)
    draft = drafting.new_version(first, user=planner)
    assert public.adopted_profile(group).profile_id == first.id
    from partnership.profiles import adoption

    adoption.adopt(draft, method="consensus", user=planner)
    assert public.adopted_profile(group).profile_id == draft.id
    assert public.adopted_profile(group).version == 2
    assert first.status == ProfileStatus.SUPERSEDED
