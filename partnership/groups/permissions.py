"""Who may see and act in a security group: by role *and* by membership."""
from __future__ import annotations

from partnership.auth.roles import Role
from partnership.groups.models import MembershipStatus, SecurityGroup


def is_planner_of(user, group: SecurityGroup) -> bool:
    """A police planner on the group's planning team."""
    return user.role == Role.PLANNER and any(p.id == user.id for p in group.planners)


def represented_organisations(user, group: SecurityGroup, *, include_invited: bool = False):
    """The group's organisations this user represents (active ones unless told otherwise)."""
    statuses = {MembershipStatus.ACTIVE} | ({MembershipStatus.INVITED} if include_invited else set())
    return [o for o in group.organisations if o.representative_id == user.id and o.status in statuses]


def is_partner_of(user, group: SecurityGroup) -> bool:
    return bool(represented_organisations(user, group))


def is_reviewer_for(user, group: SecurityGroup) -> bool:
    """Municipality reviewers follow the groups of their own municipality (aggregates only)."""
    return user.role == Role.REVIEWER and user.municipality_id is not None and user.municipality_id == group.municipality_id


def can_view_group(user, group: SecurityGroup) -> bool:
    """Read access to a group's pages; partners of group A see nothing of group B."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_planner_of(user, group) or is_partner_of(user, group) or is_reviewer_for(user, group)


def can_work_in_group(user, group: SecurityGroup) -> bool:
    """Write access for members: planners of the group and active partners."""
    return is_planner_of(user, group) or is_partner_of(user, group)


def can_plan_group(user, group: SecurityGroup) -> bool:
    """Planning actions (invite members, draft the charter, open surveys): the planning team."""
    return is_planner_of(user, group)


def can_view_invitation(user, group: SecurityGroup) -> bool:
    """Invited representatives may see the group's invitation before accepting it."""
    return can_view_group(user, group) or bool(represented_organisations(user, group, include_invited=True))


def visible_groups_query(user):
    """A select() of the groups this user can see, for listings."""
    from sqlalchemy import or_, select

    from partnership.groups.models import MemberOrganisation, group_planner

    stmt = select(SecurityGroup).order_by(SecurityGroup.name)
    conditions = [
        SecurityGroup.id.in_(select(group_planner.c.group_id).where(group_planner.c.user_id == user.id))
        if user.role == Role.PLANNER
        else None,
        SecurityGroup.id.in_(
            select(MemberOrganisation.group_id).where(
                MemberOrganisation.representative_id == user.id,
                MemberOrganisation.status.in_([MembershipStatus.ACTIVE, MembershipStatus.INVITED]),
            )
        ),
        SecurityGroup.municipality_id == user.municipality_id
        if user.role == Role.REVIEWER and user.municipality_id
        else None,
    ]
    return stmt.where(or_(*[c for c in conditions if c is not None]))
