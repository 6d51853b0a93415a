"""Use cases of forming a security group."""
from __future__ import annotations

from sqlalchemy import select

from partnership.audit import log_event
from partnership.extensions import db
from partnership.groups.models import SecurityGroup
from partnership.neighbourhoods.models import Neighbourhood


class GroupError(ValueError):
    """A Step 1 use case refused its input; the message is for the user."""


def create_group(*, name: str, municipality_id: int, neighbourhood_ids: list[int], description: str, created_by) -> SecurityGroup:
    """Form a security group for one or more neighbourhoods of one municipality; its creator plans it."""
    neighbourhoods = db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(neighbourhood_ids))).all()
    if not neighbourhoods or len(neighbourhoods) != len(set(neighbourhood_ids)):
        raise GroupError("Choose neighbourhoods from the list.")
    if any(n.municipality_id != municipality_id for n in neighbourhoods):
        raise GroupError("All neighbourhoods must belong to the chosen municipality.")
    group = SecurityGroup(name=name.strip(), municipality_id=municipality_id, description=description or "",
                          created_by_id=created_by.id)
    group.neighbourhoods = list(neighbourhoods)
    group.planners = [created_by]
    db.session.add(group)
    db.session.flush()
    log_event("group.created", actor=created_by, target=f"security_group:{group.id}", details={"name": group.name})
    db.session.commit()
    return group
