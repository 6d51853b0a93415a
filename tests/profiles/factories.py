"""Test builders for Step 3: a real adopted team profile in the database, for Step 4 and cycle tests too.

    from tests.profiles.factories import adopted_profile_for
    profile = adopted_profile_for(group)            # digital-officer model, adopted by consensus
    profile = adopted_profile_for(group, team_model="neighbourhood",
                                  competences={"community_officer": [("dco.platforms", 3)]})

It goes through the same functions the pages use (draft from a team model, add requirements,
adopt by a recorded decision), adding a charter and an adopted needs list when the group lacks them.
"""
from __future__ import annotations

from partnership.auth.roles import Role
from partnership.profiles import adoption, drafting
from partnership.profiles.models import RequirementKind, TeamProfile
from tests import factories


def adopted_needs_list(group, titles: tuple[str, ...] = ("Drug dealing", "Online scams and fraud", "Poor street lighting"),
                       keys: tuple[str, ...] = ("drug_dealing", "online_scams", "lighting")):
    """An adopted needs list for the group (written directly: tests need no survey behind it)."""
    from assessments.models import Need, NeedsList, NeedsListStatus
    from assessments.needs import adopted_list
    from partnership.dbtypes import utcnow
    from partnership.extensions import db

    existing = adopted_list(group)
    if existing is not None:
        return existing
    needs_list = NeedsList(group_id=group.id, status=NeedsListStatus.ADOPTED, adopted_at=utcnow())
    for rank, (title, key) in enumerate(zip(titles, keys), start=1):
        needs_list.needs.append(Need(rank=rank, key=key, title=title, score=None, evidence=[]))
    db.session.add(needs_list)
    db.session.commit()
    return needs_list


def _planner_of(group):
    if group.planners:
        return group.planners[0]
    planner = factories.user(role=Role.PLANNER)
    group.planners.append(planner)
    from partnership.extensions import db

    db.session.commit()
    return planner


def draft_profile_for(group, *, team_model: str = "digital_officer", user=None, with_needs: bool = True) -> TeamProfile:
    """A draft profile from a team model (with an adopted needs list behind it unless told otherwise)."""
    if with_needs:
        adopted_needs_list(group)
    return drafting.start(group, team_model, user=user or _planner_of(group))


def adopted_profile_for(group, *, team_model: str = "digital_officer", user=None,
                        competences: dict[str, list[tuple[str, int]]] | None = None,
                        languages: dict[str, list[str]] | None = None,
                        platforms: dict[str, list[str]] | None = None,
                        link_needs: bool = True) -> TeamProfile:
    """An adopted profile: the team model's roles, plus extra requirements per role key, adopted by consensus.

    With `link_needs`, each adopted need is linked to a requirement of the first role, so the
    profile answers every need (AdoptedProfile.need_ids lists them all).
    """
    user = user or _planner_of(group)
    profile = draft_profile_for(group, team_model=team_model, user=user)
    roles = {role.key: role for role in profile.roles}
    for key, items in (competences or {}).items():
        for code, level in items:
            existing = next((r for r in roles[key].requirements if r.kind == RequirementKind.COMPETENCE and r.value == code), None)
            if existing is not None:
                drafting.edit_requirement(existing, level=level, need_ids=existing.need_ids, note=existing.note)
            else:
                drafting.add_requirement(roles[key], kind=RequirementKind.COMPETENCE, value=code, level=level)
    for kind, extra in ((RequirementKind.LANGUAGE, languages), (RequirementKind.PLATFORM, platforms)):
        for key, values in (extra or {}).items():
            for value in values:
                drafting.add_requirement(roles[key], kind=kind, value=value)
    if link_needs and profile.needs_list_id:
        from assessments.needs import adopted_list

        first = profile.roles[0].requirements[0]
        drafting.edit_requirement(first, level=first.level, need_ids=[n.id for n in adopted_list(group).needs],
                                  note=first.note)
    if group.current_charter is None:
        factories.charter(group, signed_by=list(group.active_organisations))
    adoption.adopt(profile, method="consensus", user=user)
    return profile
