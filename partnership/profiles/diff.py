"""A readable list of what changed between two versions of a profile."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from partnership.profiles import library, team_models, vocabulary
from partnership.profiles.models import Requirement, RequirementKind, TeamProfile


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    where: str  # the role it concerns, or "" for the whole profile
    text: str


def describe(requirement: Requirement) -> str:
    """A requirement in words, in the current language."""
    kind, value = requirement.kind, requirement.value
    if kind == RequirementKind.COMPETENCE:
        found = library.find(value)
        name = library.tr(found.name, _lang()) if found else value
        return _("%(competence)s, at %(level)s level", competence=name,
                 level=str(library.LEVEL_NAMES.get(getattr(requirement, "level", None) or 2, "")))
    if kind == RequirementKind.LANGUAGE:
        return _("Language: %(language)s", language=vocabulary.language_name(value))
    if kind == RequirementKind.PLATFORM:
        return _("Present on %(platform)s", platform=vocabulary.platform_name(value))
    if kind == RequirementKind.TIME_SPLIT:
        return _("%(online)s%% of the time online, %(street)s%% on the street", online=value,
                 street=100 - int(value))
    if kind == RequirementKind.HOURS:
        return _("Reachable: %(hours)s", hours=value)
    return _("Condition: %(condition)s", condition=vocabulary.condition_text(value))


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "en")


def _pair_key(requirement: Requirement) -> tuple:
    # A role has one time split, so a new percentage is a change of it, not a new requirement.
    return (requirement.kind,) if requirement.kind == RequirementKind.TIME_SPLIT else (requirement.kind, requirement.value)


def compare(old: TeamProfile, new: TeamProfile) -> list[Change]:
    """What `new` changes from `old`: team model, roles, and each role's requirements."""
    changes: list[Change] = []
    if old.team_model != new.team_model:
        changes.append(Change("changed", "", _("Team model: %(old)s → %(new)s", old=team_models.model_name(old.team_model),
                                                new=team_models.model_name(new.team_model))))
    before = {r.key: r for r in old.roles}
    after = {r.key: r for r in new.roles}
    for key, role in after.items():
        if key not in before:
            changes.append(Change("added", role.title, _("New role: %(title)s (%(count)d)", title=role.title,
                                                         count=role.count)))
    for key, role in before.items():
        if key not in after:
            changes.append(Change("removed", role.title, _("Role removed: %(title)s (%(count)d)", title=role.title,
                                                           count=role.count)))
    for key, role in after.items():
        if key not in before:
            continue
        earlier = before[key]
        if earlier.title != role.title:
            changes.append(Change("changed", role.title, _("Title: %(old)s → %(new)s", old=earlier.title, new=role.title)))
        if earlier.count != role.count:
            changes.append(Change("changed", role.title, _("Officers: %(old)d → %(new)d", old=earlier.count,
                                                           new=role.count)))
        if earlier.purpose != role.purpose:
            changes.append(Change("changed", role.title, _("Purpose reworded")))
        if earlier.responsibilities != role.responsibilities:
            changes.append(Change("changed", role.title, _("Responsibilities reworded")))
        old_reqs = {_pair_key(r): r for r in earlier.requirements}
        new_reqs = {_pair_key(r): r for r in role.requirements}
        for pair, requirement in new_reqs.items():
            previous = old_reqs.get(pair)
            if previous is None:
                changes.append(Change("added", role.title, describe(requirement)))
            elif previous.value != requirement.value or previous.level != requirement.level:
                changes.append(Change("changed", role.title, _("%(old)s → %(new)s", old=describe(previous),
                                                               new=describe(requirement))))
            elif sorted(previous.need_ids or []) != sorted(requirement.need_ids or []):
                changes.append(Change("changed", role.title, _("%(requirement)s: linked to other needs",
                                                               requirement=describe(requirement))))
        for pair, requirement in old_reqs.items():
            if pair not in new_reqs:
                changes.append(Change("removed", role.title, describe(requirement)))
    return changes
