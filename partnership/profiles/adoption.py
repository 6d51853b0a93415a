"""Adopting a profile: a recorded decision of the group, taken under its charter's rule."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups import decisions
from partnership.groups.errors import GroupError
from partnership.groups.models import Decision, DecisionMethod, SignOffRule
from partnership.profiles.drafting import ProfileError, editable
from partnership.profiles.models import ProfileStatus, TeamProfile


def decision_rule(group) -> str:
    """What the charter asks of a decision, in words (shown beside the adoption form)."""
    charter = group.current_charter
    if charter is None:
        return _("The group has no charter yet, so it has no rule for taking decisions.")
    active = len(group.active_organisations)
    rule = SignOffRule(charter.sign_off_rule)
    if rule == SignOffRule.ALL_MEMBERS:
        return _("By consensus, or by a vote of all %(count)d active member organisations in favour.", count=active)
    if rule == SignOffRule.MAJORITY:
        return _("By consensus, or by a vote in favour of more than half of the %(count)d active member organisations.",
                 count=active)
    return _("By consensus, or by a vote with more votes for than against.")


def _check_rule(group, method: str, votes_for, votes_against) -> None:
    charter = group.current_charter
    if charter is None:
        raise ProfileError(_("The group needs a charter, which says how it decides, before it can adopt a profile."))
    if method != DecisionMethod.VOTE:
        return
    if votes_for is None or votes_against is None:
        raise ProfileError(_("Enter the number of votes for and against (0 if none)."))
    active = len(group.active_organisations)
    rule = SignOffRule(charter.sign_off_rule)
    if rule == SignOffRule.ALL_MEMBERS:
        passed = votes_against == 0 and votes_for >= active
    elif rule == SignOffRule.MAJORITY:
        passed = votes_for * 2 > active
    else:
        passed = votes_for > votes_against
    if not passed:
        raise ProfileError(_("Under the charter's rule this vote does not adopt the profile: %(rule)s",
                             rule=decision_rule(group)))


SAFETY_CONDITION = "profile_safety_training"


def unsafe_online_roles(profile: TeamProfile) -> list:
    """Roles that would work online without the profile-safety training that must come first."""
    from partnership.profiles.models import RequirementKind

    unsafe = []
    for role in profile.roles:
        split = next((r for r in role.requirements if r.kind == RequirementKind.TIME_SPLIT), None)
        online = int(split.value) if split and split.value.isdecimal() else 0
        safe = any(r.kind == RequirementKind.CONDITION and r.value == SAFETY_CONDITION for r in role.requirements)
        if online > 0 and not safe:
            unsafe.append(role)
    return unsafe


def adopt(profile: TeamProfile, *, method: str, user, meeting_id: int | None = None, votes_for: int | None = None,
          votes_against: int | None = None, votes_abstain: int | None = None) -> Decision:
    """Adopt a draft as a decision of the group; it is then frozen and Step 3 is complete."""
    editable(profile)
    group = profile.group
    if not profile.roles:
        raise ProfileError(_("Add at least one role before adopting the profile."))
    unsafe = unsafe_online_roles(profile)
    if unsafe:
        raise ProfileError(_("%(role)s works online: add the condition of profile safety and cybersecurity training "
                             "before any online work, then adopt the profile.", role=unsafe[0].title))
    if method not in {m.value for m in DecisionMethod}:
        raise ProfileError(_("Choose how the group decided: by consensus or by vote."))
    _check_rule(group, method, votes_for, votes_against)
    lines = [f"{role.count} × {role.title}" for role in profile.roles]
    try:
        decision = decisions.record(
            group, title=_("Adopt the team profile, version %(version)d", version=profile.version),
            text="\n".join(lines), method=method, votes_for=votes_for, votes_against=votes_against,
            votes_abstain=votes_abstain, meeting_id=meeting_id, subject=f"team_profile:{profile.id}",
            recorded_by=user)
    except GroupError as error:
        raise ProfileError(str(error)) from None
    for earlier in db.session.scalars(select(TeamProfile).where(TeamProfile.group_id == group.id,
                                                                TeamProfile.status == ProfileStatus.ADOPTED)):
        earlier.status = ProfileStatus.SUPERSEDED
    profile.status = ProfileStatus.ADOPTED
    profile.decision_id = decision.id
    profile.adopted_at = utcnow()
    log_event("profile.adopted", actor=user, target=f"team_profile:{profile.id}",
              details={"group_id": group.id, "version": profile.version, "decision_id": decision.id})
    db.session.commit()
    return decision
