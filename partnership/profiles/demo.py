"""Demo data for Step 3: Marvila adopts a digital-officer team profile traced to its adopted needs.

Arroios stays at Step 1. Running the seeder again adds nothing.
"""
from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from partnership.extensions import db
from partnership.profiles import adoption, drafting, library, suggestions
from partnership.profiles.models import ProfileRole, RequirementKind, TeamProfile

# The digital officer already works half online; X, YouTube and Facebook reach few young residents here.
DISMISSED = {("time_split", value) for value in map(str, range(0, 101, 10))} | {
    ("platform", "x"), ("platform", "youtube"), ("platform", "facebook")}
KEPT_LANGUAGES = {"pt", "kea", "en"}


def seed(context) -> None:
    library.ensure_library()
    group = context.groups.get("marvila")
    planner, partner = context.users.get("planner"), context.users.get("partner")
    if group is None or planner is None:
        return
    if db.session.scalar(select(TeamProfile.id).where(TeamProfile.group_id == group.id).limit(1)):
        return
    from assessments.demo import ensure_adopted_needs

    if ensure_adopted_needs(group, planner) is None:
        return
    with force_locale("pt"):
        profile = drafting.start(group, "digital_officer", user=planner)
        suggestions.generate(profile, "pt", user=planner)
        roles = {role.id: role for role in profile.roles}
        for suggestion in suggestions.open_suggestions(profile):
            # What the Marvila planners decided, suggestion by suggestion, with the partners.
            if (suggestion.kind, suggestion.value) in DISMISSED or (
                    suggestion.kind == RequirementKind.LANGUAGE and suggestion.value not in KEPT_LANGUAGES):
                suggestions.dismiss(suggestion, user=planner)
            else:
                suggestions.accept(suggestion, roles[suggestions.default_role(profile, suggestion)], user=planner)
        officer = db.session.scalar(select(ProfileRole).where(ProfileRole.profile_id == profile.id,
                                                              ProfileRole.key == "digital_community_officer"))
        if officer is not None and partner is not None:
            requirement = next((r for r in officer.requirements if r.kind == RequirementKind.PLATFORM), None)
            if requirement is not None:
                drafting.comment(requirement, user=partner, organisation_name="Associação de Moradores do Bairro do Condado",
                                 body="Os jovens do Condado falam sobretudo em crioulo nestes grupos; convém que o agente o entenda.")
        adoption.adopt(profile, method="consensus", user=planner)
