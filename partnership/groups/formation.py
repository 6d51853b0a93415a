"""Use cases of forming a security group."""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext as _
from sqlalchemy import select

from partnership.audit import log_event
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import SecurityGroup
from partnership.neighbourhoods.models import Neighbourhood

__all__ = ["GroupError", "create_group", "register_formation_hook"]

# Called with each new group inside create_group's transaction (e.g. maps records the boundary version).
_formation_hooks: list[Callable[[SecurityGroup], None]] = []


def register_formation_hook(func: Callable[[SecurityGroup], None]) -> None:
    """Have `func(group)` run when a group is formed, before the group is committed; registering twice is a no-op."""
    if func not in _formation_hooks:
        _formation_hooks.append(func)


def create_group(*, name: str, municipality_id: int, neighbourhood_ids: list[int], description: str, created_by) -> SecurityGroup:
    """Form a security group for one or more neighbourhoods of one municipality; its creator plans it."""
    name = (name or "").strip()
    if not name:
        raise GroupError(_("Give the security group a name."), field="name")
    neighbourhoods = db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(neighbourhood_ids))).all()
    if not neighbourhoods or len(neighbourhoods) != len(set(neighbourhood_ids)):
        raise GroupError(_("Choose neighbourhoods from the list."), field="neighbourhood_ids")
    if any(n.municipality_id != municipality_id for n in neighbourhoods):
        raise GroupError(_("All neighbourhoods must belong to the chosen municipality."), field="neighbourhood_ids")
    group = SecurityGroup(name=name, municipality_id=municipality_id, description=(description or "").strip(),
                          created_by_id=created_by.id)
    group.neighbourhoods = list(neighbourhoods)
    group.planners = [created_by]
    db.session.add(group)
    db.session.flush()
    for hook in _formation_hooks:
        hook(group)
    log_event("group.created", actor=created_by, target=f"security_group:{group.id}", details={"name": group.name})
    db.session.commit()
    return group
