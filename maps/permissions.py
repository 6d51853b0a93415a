"""Who may act on a municipality's boundaries."""
from __future__ import annotations

from partnership.auth.roles import Role


def can_manage_boundaries(user, municipality_id: int | None) -> bool:
    """Import, comment, request changes and approve: reviewers of that municipality only."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.REVIEWER
        and user.municipality_id is not None
        and user.municipality_id == municipality_id
    )


READ_ROLES = (Role.PLANNER, Role.REVIEWER, Role.PARTNER, Role.ADMIN)
