"""Member organisations of a security group: invite, accept, decline, leave, mandate."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from partnership.audit import log_event
from partnership.auth.accounts import find_user
from partnership.auth.roles import Role
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import MemberOrganisation, MembershipStatus, SecurityGroup, StakeholderType
from partnership.groups.permissions import is_planner_of

NAME_MAX, MANDATE_MAX = 160, 2000
# Partners represent community bodies; police planners represent their police unit.
REPRESENTATIVE_ROLES = frozenset({Role.PARTNER, Role.PLANNER})
OPEN_STATUSES = (MembershipStatus.INVITED, MembershipStatus.ACTIVE)


def _target(org: MemberOrganisation) -> str:
    return f"member_organisation:{org.id}"


def _clean_mandate(mandate: str | None) -> str:
    mandate = (mandate or "").strip()
    if len(mandate) > MANDATE_MAX:
        raise GroupError(_("Keep the mandate under %(max)d characters.", max=MANDATE_MAX), field="mandate")
    return mandate


def _representative(email: str):
    email = (email or "").strip()
    if not email:
        raise GroupError(_("Enter the email address of the organisation's representative."), field="representative_email")
    user = find_user(email)
    if user is None:
        raise GroupError(
            _("There is no account for %(email)s yet. Ask an administrator to invite this person to the service, "
              "then invite the organisation again.", email=email),
            field="representative_email",
        )
    if not user.active:
        raise GroupError(_("The account of %(email)s is disabled; ask an administrator about it.", email=email),
                         field="representative_email")
    if user.role not in REPRESENTATIVE_ROLES:
        raise GroupError(
            _("%(email)s has a %(role)s account. Representatives need a partner or police planner account; "
              "ask an administrator.", email=email, role=user.role_enum.label),
            field="representative_email",
        )
    return user


def invite_organisation(group: SecurityGroup, *, name: str, stakeholder_type: str, representative_email: str,
                        mandate: str, invited_by) -> MemberOrganisation:
    """Invite an organisation through its representative's account; a declined or departed one may be invited again."""
    name = " ".join((name or "").split())
    if not name:
        raise GroupError(_("Enter the name of the organisation."), field="name")
    if len(name) > NAME_MAX:
        raise GroupError(_("Keep the name under %(max)d characters.", max=NAME_MAX), field="name")
    try:
        kind = StakeholderType(stakeholder_type)
    except ValueError:
        raise GroupError(_("Choose a stakeholder type from the list."), field="stakeholder_type") from None
    mandate = _clean_mandate(mandate)
    representative = _representative(representative_email)

    existing = db.session.scalar(select(MemberOrganisation).where(
        MemberOrganisation.group_id == group.id, func.lower(MemberOrganisation.name) == name.lower()))
    if existing is not None and existing.status in OPEN_STATUSES:
        message = (_("%(name)s is already a member of this group.", name=existing.name)
                   if existing.status == MembershipStatus.ACTIVE
                   else _("%(name)s has already been invited and has not answered yet.", name=existing.name))
        raise GroupError(message, field="name")
    # One person speaks for one organisation per group, so nobody can sign the charter twice.
    represented = db.session.scalar(select(MemberOrganisation).where(
        MemberOrganisation.group_id == group.id, MemberOrganisation.representative_id == representative.id,
        MemberOrganisation.status.in_(OPEN_STATUSES)))
    if represented is not None and represented is not existing:
        raise GroupError(_("%(person)s already represents %(name)s in this group; each organisation needs its own "
                           "representative.", person=representative.name, name=represented.name),
                         field="representative_email")

    if existing is None:
        org = MemberOrganisation(group=group, name=name)
        db.session.add(org)
    else:
        org = existing
    org.name, org.stakeholder_type, org.representative, org.mandate = name, kind.value, representative, mandate
    org.status, org.invited_at, org.joined_at, org.left_at = MembershipStatus.INVITED, utcnow(), None, None
    try:
        db.session.flush()
    except IntegrityError:  # the same name sent twice at once (double click)
        db.session.rollback()
        raise GroupError(_("%(name)s has already been invited and has not answered yet.", name=name), field="name") from None
    log_event("member.invited", actor=invited_by, target=_target(org),
              details={"group_id": group.id, "organisation": name, "stakeholder_type": kind.value,
                       "representative": representative.email, "reinvited": existing is not None})
    db.session.commit()
    return org


def _answer_check(org: MemberOrganisation, user) -> None:
    if org.representative_id != user.id:
        raise GroupError(_("Only the named representative of %(name)s can answer this invitation.", name=org.name))
    if org.status != MembershipStatus.INVITED:
        raise GroupError(_("This invitation has already been answered."))


def accept_invitation(org: MemberOrganisation, user) -> MemberOrganisation:
    """The representative accepts: the organisation becomes an active member."""
    _answer_check(org, user)
    org.status, org.joined_at = MembershipStatus.ACTIVE, utcnow()
    log_event("member.joined", actor=user, target=_target(org), details={"group_id": org.group_id, "organisation": org.name})
    db.session.commit()
    return org


def decline_invitation(org: MemberOrganisation, user) -> MemberOrganisation:
    """The representative declines; the planning team may invite the organisation again later."""
    _answer_check(org, user)
    org.status = MembershipStatus.DECLINED
    log_event("member.declined", actor=user, target=_target(org), details={"group_id": org.group_id, "organisation": org.name})
    db.session.commit()
    return org


def withdraw_invitation(org: MemberOrganisation, user) -> MemberOrganisation:
    """The planning team takes back an unanswered invitation (a wrong address, a change of plan)."""
    if not is_planner_of(user, org.group):
        raise GroupError(_("Only the group's planning team can withdraw an invitation."))
    if org.status != MembershipStatus.INVITED:
        raise GroupError(_("Only an unanswered invitation can be withdrawn."))
    org.status = MembershipStatus.DECLINED
    log_event("member.invitation_withdrawn", actor=user, target=_target(org),
              details={"group_id": org.group_id, "organisation": org.name})
    db.session.commit()
    return org


def leave_group(org: MemberOrganisation, user) -> MemberOrganisation:
    """An active organisation leaves, by its representative or by the planning team; its history stays."""
    if org.representative_id != user.id and not is_planner_of(user, org.group):
        raise GroupError(_("Only the representative of %(name)s or the planning team can end its membership.", name=org.name))
    if org.status != MembershipStatus.ACTIVE:
        raise GroupError(_("%(name)s is not an active member.", name=org.name))
    org.status, org.left_at = MembershipStatus.LEFT, utcnow()
    log_event("member.left", actor=user, target=_target(org),
              details={"group_id": org.group_id, "organisation": org.name,
                       "by": "representative" if org.representative_id == user.id else "planning team"})
    db.session.commit()
    return org


def update_mandate(org: MemberOrganisation, mandate: str, user) -> MemberOrganisation:
    """Record what the organisation's representative may decide on its behalf."""
    if org.representative_id != user.id and not is_planner_of(user, org.group):
        raise GroupError(_("Only the representative of %(name)s or the planning team can change its mandate.", name=org.name))
    if org.status not in OPEN_STATUSES:
        raise GroupError(_("%(name)s is no longer a member.", name=org.name))
    org.mandate = _clean_mandate(mandate)
    log_event("member.mandate_updated", actor=user, target=_target(org), details={"group_id": org.group_id})
    db.session.commit()
    return org


def pending_invitations(user) -> list[MemberOrganisation]:
    """Unanswered invitations addressed to this user, across groups, oldest first."""
    return list(db.session.scalars(select(MemberOrganisation).where(
        MemberOrganisation.representative_id == user.id, MemberOrganisation.status == MembershipStatus.INVITED,
    ).order_by(MemberOrganisation.invited_at)))
