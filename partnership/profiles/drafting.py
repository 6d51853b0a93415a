"""Drafting a team profile: start from a team model, edit roles and requirements, new versions.

Only a draft changes; an adopted version is frozen and any later edit starts a new version.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from partnership.audit import log_event
from partnership.extensions import db
from partnership.profiles import library, team_models, vocabulary
from partnership.profiles.models import (
    ProfileRole,
    ProfileStatus,
    Requirement,
    RequirementComment,
    RequirementKind,
    TeamProfile,
)

TEXT_MAX, TITLE_MAX, COUNT_MAX, COMMENT_MAX = 5000, 160, 200, 4000


class ProfileError(ValueError):
    """A refused change to a profile, with the reason shown to the person."""


def _adopted_needs_list(group):
    from assessments.needs import adopted_list

    return adopted_list(group)


def draft_of(group) -> TeamProfile | None:
    return db.session.scalar(select(TeamProfile).where(TeamProfile.group_id == group.id,
                                                      TeamProfile.status == ProfileStatus.DRAFT).limit(1))


def versions(group) -> list[TeamProfile]:
    return list(db.session.scalars(select(TeamProfile).where(TeamProfile.group_id == group.id)
                                   .order_by(TeamProfile.version.desc())))


def _next_version(group) -> int:
    return (db.session.scalar(select(func.max(TeamProfile.version)).where(TeamProfile.group_id == group.id)) or 0) + 1


def start(group, model_key: str, *, user) -> TeamProfile:
    """A first draft (or a fresh draft) from a team model's roles; one draft per group at a time."""
    model = team_models.get(model_key)
    if model is None:
        raise ProfileError(_("Choose one of the team models."))
    if draft_of(group) is not None:
        raise ProfileError(_("The group already has a draft profile. Work on it, or adopt it first."))
    edition = library.ensure_library()
    needs_list = _adopted_needs_list(group)
    profile = TeamProfile(group_id=group.id, version=_next_version(group), team_model=model.key,
                          needs_list_id=needs_list.id if needs_list else None, library_version_id=edition.id,
                          created_by_id=getattr(user, "id", None))
    db.session.add(profile)
    for position, template in enumerate(model.roles, start=1):
        role = ProfileRole(key=template.key, position=position, title=str(template.title), count=template.count,
                           purpose=str(template.purpose), responsibilities=str(template.responsibilities))
        for code, level in template.competences:
            role.requirements.append(Requirement(kind=RequirementKind.COMPETENCE, value=code, level=level))
        role.requirements.append(Requirement(kind=RequirementKind.TIME_SPLIT, value=str(template.online_share)))
        for condition in template.conditions:
            role.requirements.append(Requirement(kind=RequirementKind.CONDITION, value=condition))
        profile.roles.append(role)
    db.session.flush()
    log_event("profile.drafted", actor=user, target=f"team_profile:{profile.id}",
              details={"group_id": group.id, "version": profile.version, "team_model": model.key})
    db.session.commit()
    return profile


def new_version(profile: TeamProfile, *, user) -> TeamProfile:
    """A draft copy of an adopted version, to change it; the adopted one stays as it was."""
    group = profile.group
    if profile.status == ProfileStatus.DRAFT:
        return profile
    existing = draft_of(group)
    if existing is not None:
        return existing
    needs_list = _adopted_needs_list(group)
    draft = TeamProfile(group_id=profile.group_id, version=_next_version(group), team_model=profile.team_model,
                        summary=profile.summary, needs_list_id=needs_list.id if needs_list else profile.needs_list_id,
                        library_version_id=library.ensure_library().id, previous_id=profile.id,
                        created_by_id=getattr(user, "id", None))
    same_needs = draft.needs_list_id == profile.needs_list_id
    for role in profile.roles:
        copy = ProfileRole(key=role.key, position=role.position, title=role.title, count=role.count,
                           purpose=role.purpose, responsibilities=role.responsibilities)
        for r in role.requirements:
            # Links to needs of an older list would point at needs the group no longer holds.
            copy.requirements.append(Requirement(kind=r.kind, value=r.value, level=r.level, note=r.note,
                                                 need_ids=list(r.need_ids or []) if same_needs else [],
                                                 citations=list(r.citations or [])))
        draft.roles.append(copy)
    db.session.add(draft)
    db.session.flush()
    log_event("profile.new_version", actor=user, target=f"team_profile:{draft.id}",
              details={"group_id": profile.group_id, "version": draft.version, "from_version": profile.version})
    db.session.commit()
    return draft


def editable(profile: TeamProfile) -> None:
    if profile.is_frozen:
        raise ProfileError(_("Version %(version)d is adopted and frozen. Start a new version to change it.",
                             version=profile.version))


def _clean_text(value: str | None, limit: int, message: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ProfileError(message)
    return value


def _role_fields(title: str, count, purpose: str, responsibilities: str) -> dict:
    title = (title or "").strip()
    if not title:
        raise ProfileError(_("Give the role a title."))
    if len(title) > TITLE_MAX:
        raise ProfileError(_("Keep the title under %(max)d characters.", max=TITLE_MAX))
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ProfileError(_("Say how many officers the role needs (a whole number from 1).")) from None
    if not 1 <= count <= COUNT_MAX:
        raise ProfileError(_("Say how many officers the role needs (a whole number from 1)."))
    too_long = _("Keep the text under %(max)d characters.", max=TEXT_MAX)
    return {"title": title, "count": count, "purpose": _clean_text(purpose, TEXT_MAX, too_long),
            "responsibilities": _clean_text(responsibilities, TEXT_MAX, too_long)}


def add_role(profile: TeamProfile, *, title: str, count, purpose: str = "", responsibilities: str = "") -> ProfileRole:
    editable(profile)
    fields = _role_fields(title, count, purpose, responsibilities)
    key = re.sub(r"[^a-z0-9]+", "_", fields["title"].lower()).strip("_")[:40] or "role"
    taken = {r.key for r in profile.roles}
    base, n = key, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    role = ProfileRole(key=key, position=len(profile.roles) + 1, **fields)
    role.requirements.append(Requirement(kind=RequirementKind.TIME_SPLIT, value="0"))
    profile.roles.append(role)
    db.session.commit()
    return role


def edit_role(role: ProfileRole, *, title: str, count, purpose: str, responsibilities: str) -> None:
    editable(role.profile)
    for name, value in _role_fields(title, count, purpose, responsibilities).items():
        setattr(role, name, value)
    db.session.commit()


def remove_role(role: ProfileRole) -> None:
    profile = role.profile
    editable(profile)
    profile.roles.remove(role)
    db.session.flush()
    for position, remaining in enumerate(profile.roles, start=1):
        remaining.position = position
    db.session.commit()


def _valid_need_ids(profile: TeamProfile, need_ids) -> list[int]:
    """Keep only needs of the profile's adopted needs list (ids from a form are not trusted)."""
    from assessments.models import Need

    if not need_ids or not profile.needs_list_id:
        return []
    wanted = {int(n) for n in need_ids if str(n).isdecimal()}
    allowed = set(db.session.scalars(select(Need.id).where(Need.needs_list_id == profile.needs_list_id)))
    return sorted(wanted & allowed)


def _check_value(profile: TeamProfile, kind: str, value: str, level) -> tuple[str, int | None]:
    value = (value or "").strip()
    if kind == RequirementKind.COMPETENCE:
        found = library.find(value, profile.group)
        if found is None or (found.group_id is not None and found.group_id != profile.group_id):
            raise ProfileError(_("Choose a competence from the library."))
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 0
        if level not in (1, 2, 3):
            raise ProfileError(_("Choose the level required: practitioner, experienced or expert."))
        return value, level
    if kind == RequirementKind.LANGUAGE:
        if value not in vocabulary.LANGUAGES:
            raise ProfileError(_("Choose a language from the list."))
    elif kind == RequirementKind.PLATFORM:
        if value not in vocabulary.PLATFORMS:
            raise ProfileError(_("Choose a platform from the list."))
    elif kind == RequirementKind.TIME_SPLIT:
        if not value.isdecimal() or not 0 <= int(value) <= 100:
            raise ProfileError(_("Give the share of time online as a whole percentage from 0 to 100."))
        value = str(int(value))
    elif kind in (RequirementKind.HOURS, RequirementKind.CONDITION):
        if not value:
            raise ProfileError(_("Write the requirement."))
        if len(value) > 200:
            raise ProfileError(_("Keep the requirement under %(max)d characters.", max=200))
    else:
        raise ProfileError(_("Choose what kind of requirement this is."))
    return value, None


def add_requirement(role: ProfileRole, *, kind: str, value: str, level=None, need_ids=(), note: str = "",
                    citations: list | None = None) -> Requirement:
    """Add a requirement to a role; a second time split replaces the first, a duplicate is refused."""
    profile = role.profile
    editable(profile)
    value, level = _check_value(profile, kind, value, level)
    note = _clean_text(note, TEXT_MAX, _("Keep the text under %(max)d characters.", max=TEXT_MAX))
    if kind == RequirementKind.TIME_SPLIT:
        for existing in [r for r in role.requirements if r.kind == kind]:
            role.requirements.remove(existing)
    elif any(r.kind == kind and r.value == value for r in role.requirements):
        raise ProfileError(_("This role already has that requirement; change the existing one instead."))
    requirement = Requirement(kind=kind, value=value, level=level, note=note,
                              need_ids=_valid_need_ids(profile, need_ids), citations=list(citations or []))
    role.requirements.append(requirement)
    db.session.commit()
    return requirement


def edit_requirement(requirement: Requirement, *, level=None, need_ids=(), note: str = "", value: str | None = None) -> None:
    """Change a requirement's level, its links to adopted needs, its note (and its value for free text)."""
    profile = requirement.role.profile
    editable(profile)
    new_value = requirement.value if value is None else value
    checked, checked_level = _check_value(profile, requirement.kind, new_value, level)
    requirement.value, requirement.level = checked, checked_level
    requirement.note = _clean_text(note, TEXT_MAX, _("Keep the text under %(max)d characters.", max=TEXT_MAX))
    requirement.need_ids = _valid_need_ids(profile, need_ids)
    db.session.commit()


def remove_requirement(requirement: Requirement) -> None:
    role = requirement.role
    editable(role.profile)
    role.requirements.remove(requirement)
    db.session.commit()


def comment(requirement: Requirement, *, body: str, user, organisation_name: str = "") -> RequirementComment:
    """A member's remark on a requirement of a draft (partners comment; they do not edit)."""
    editable(requirement.role.profile)
    body = (body or "").strip()
    if not body:
        raise ProfileError(_("Write your comment first."))
    if len(body) > COMMENT_MAX:
        raise ProfileError(_("Keep the comment under %(max)d characters.", max=COMMENT_MAX))
    remark = RequirementComment(requirement=requirement, author_id=user.id, body=body,
                                organisation_name=organisation_name[:160])
    db.session.add(remark)
    db.session.commit()
    return remark
