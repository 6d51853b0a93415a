"""Step 3 as later steps see it: the group's adopted team profile and the competence library.

This is the only module Step 4 (recruitment and training) and the evaluation cycles import.
Competence codes are stable strings ("cop.emotionally_aware", "rad.referral", "dco.platforms", or
"local.<group id>.<name>" for a group's own); texts come translated to the current locale.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import select

from partnership.extensions import db
from partnership.profiles import library, team_models, vocabulary
from partnership.profiles.models import Competence, ProfileStatus, RequirementKind, TeamProfile

# Cumulative levels: an expert also shows what a practitioner and an experienced officer show.
LEVELS = {1: "practitioner", 2: "experienced", 3: "expert"}
DOMAINS = ("street", "digital", "partnership", "prevention")


@dataclass(frozen=True)
class CompetenceInfo:
    code: str
    name: str
    description: str
    domain: str
    source: str
    behaviours: dict[int, str]
    local: bool = False
    family: str = ""


@dataclass(frozen=True)
class RequiredCompetence:
    code: str
    name: str
    domain: str
    level: int


@dataclass(frozen=True)
class RoleRequirement:
    key: str
    title: str
    count: int
    purpose: str
    responsibilities: str
    competences: tuple[RequiredCompetence, ...]
    languages: tuple[str, ...]  # codes, e.g. "pt", "kea" (vocabulary.language_name gives the name)
    platforms: tuple[str, ...]  # keys, e.g. "discord" (vocabulary.platform_name gives the name)
    online_share: int  # percent of working time online, 0-100
    hours: str
    conditions: tuple[str, ...]  # translated texts


@dataclass(frozen=True)
class AdoptedProfile:
    profile_id: int
    version: int
    group_id: int
    team_model: str
    team_model_name: str
    adopted_at: datetime
    roles: tuple[RoleRequirement, ...]
    need_ids: tuple[int, ...]  # adopted needs that at least one requirement answers
    needs_list_id: int | None = None
    decision_id: int | None = None


def _lang(lang: str | None) -> str:
    if lang:
        return lang
    try:
        return str(get_locale() or "en")
    except RuntimeError:  # no app or request context
        return "en"


def level_name(level: int) -> str:
    """The translated name of a level (1 practitioner, 2 experienced, 3 expert)."""
    return str(library.LEVEL_NAMES.get(level, level))


def domain_name(domain: str) -> str:
    return str(library.DOMAIN_NAMES.get(domain, domain))


def language_name(code: str) -> str:
    return vocabulary.language_name(code)


def platform_name(key: str) -> str:
    return vocabulary.platform_name(key)


def _info(competence: Competence, lang: str) -> CompetenceInfo:
    return CompetenceInfo(
        code=competence.code, name=library.tr(competence.name, lang),
        description=library.tr(competence.description, lang), domain=competence.domain, source=competence.source,
        behaviours={int(level): library.tr(texts, lang) for level, texts in sorted((competence.behaviours or {}).items())},
        local=competence.group_id is not None, family=competence.family)


def competence_library(lang: str | None = None, group=None) -> list[CompetenceInfo]:
    """The current library edition, plus the group's local competences when a group is given."""
    lang = _lang(lang)
    return [_info(c, lang) for c in library.library_competences(group)]


def competence(code: str) -> CompetenceInfo | None:
    """One competence by its stable code (current edition, or a group's local competence)."""
    found = library.find(code)
    return _info(found, _lang(None)) if found else None


def role_requirement(role, lang: str | None = None) -> RoleRequirement:
    """One role of a profile (any version) in the public shape."""
    lang = _lang(lang)
    by_kind: dict[str, list] = {}
    for requirement in role.requirements:
        by_kind.setdefault(requirement.kind, []).append(requirement)
    competences = []
    for requirement in by_kind.get(RequirementKind.COMPETENCE, []):
        found = library.find(requirement.value)
        competences.append(RequiredCompetence(
            code=requirement.value, name=library.tr(found.name, lang) if found else requirement.value,
            domain=found.domain if found else "", level=requirement.level or 1))
    split = by_kind.get(RequirementKind.TIME_SPLIT, [])
    hours = by_kind.get(RequirementKind.HOURS, [])
    return RoleRequirement(
        key=role.key, title=role.title, count=role.count, purpose=role.purpose,
        responsibilities=role.responsibilities, competences=tuple(competences),
        languages=tuple(r.value for r in by_kind.get(RequirementKind.LANGUAGE, [])),
        platforms=tuple(r.value for r in by_kind.get(RequirementKind.PLATFORM, [])),
        online_share=int(split[0].value) if split else 0,
        hours="; ".join(r.value for r in hours),
        conditions=tuple(vocabulary.condition_text(r.value) for r in by_kind.get(RequirementKind.CONDITION, [])))


def current_adopted(group) -> TeamProfile | None:
    """The group's adopted profile row (the latest adopted version), or None."""
    return db.session.scalar(
        select(TeamProfile).where(TeamProfile.group_id == group.id, TeamProfile.status == ProfileStatus.ADOPTED)
        .order_by(TeamProfile.version.desc()).limit(1))


def adopted_profile(group) -> AdoptedProfile | None:
    """The group's current adopted profile version, or None while Step 3 is not complete."""
    profile = current_adopted(group)
    if profile is None:
        return None
    lang = _lang(None)
    need_ids = sorted({int(n) for role in profile.roles for r in role.requirements for n in (r.need_ids or [])})
    return AdoptedProfile(
        profile_id=profile.id, version=profile.version, group_id=profile.group_id, team_model=profile.team_model,
        team_model_name=team_models.model_name(profile.team_model), adopted_at=profile.adopted_at,
        roles=tuple(role_requirement(role, lang) for role in profile.roles), need_ids=tuple(need_ids),
        needs_list_id=profile.needs_list_id, decision_id=profile.decision_id)
