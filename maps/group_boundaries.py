"""Which boundary version each security group's territory is drawn with, and moving a group to a newer one.

A group keeps the version that was active when it was formed (`link_new_group`, a
formation hook). Groups formed before their municipality had any boundaries are
linked when boundaries are approved (`link_unlinked_groups`, called by
`versions.approve`). Approving a newer version never moves a group: a planner of the
group does that (`switch_to_active`), and only when every one of the group's
neighbourhoods is in the newer version.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import exists, select

from maps.models import BoundaryArea, BoundaryVersion, GroupBoundaryVersion, VersionStatus
from partnership.audit import log_event
from partnership.extensions import db
from partnership.groups.models import SecurityGroup


class GroupBoundaryError(Exception):
    """Moving a group to other boundaries is refused; the message is shown to the user as is."""


def _active_version(municipality_id: int) -> BoundaryVersion | None:
    return db.session.scalar(select(BoundaryVersion).where(
        BoundaryVersion.municipality_id == municipality_id, BoundaryVersion.status == VersionStatus.ACTIVE))


def group_version(group) -> BoundaryVersion | None:
    """The version the group's territory is drawn with, or None while it has none (no boundaries yet)."""
    link = db.session.get(GroupBoundaryVersion, group.id)
    return link.version if link is not None else None


def group_version_id(group) -> int | None:
    return db.session.scalar(select(GroupBoundaryVersion.version_id).where(GroupBoundaryVersion.group_id == group.id))


def link_new_group(group) -> None:
    """Formation hook: record the municipality's active version (if any) for a group being formed."""
    active = _active_version(group.municipality_id)
    if active is not None and db.session.get(GroupBoundaryVersion, group.id) is None:
        db.session.add(GroupBoundaryVersion(group_id=group.id, version_id=active.id))


def link_unlinked_groups(municipality_id: int, version_id: int) -> int:
    """Link the municipality's groups that have no version yet to `version_id`; returns how many (no commit)."""
    linked = exists().where(GroupBoundaryVersion.group_id == SecurityGroup.id)
    ids = db.session.scalars(select(SecurityGroup.id).where(SecurityGroup.municipality_id == municipality_id, ~linked)).all()
    for group_id in ids:
        db.session.add(GroupBoundaryVersion(group_id=group_id, version_id=version_id))
    return len(ids)


@dataclass
class GroupBoundaries:
    """A group's boundary version next to the active one: whether it is behind, and what a switch would lose."""

    version: BoundaryVersion | None
    active: BoundaryVersion | None
    # The group's neighbourhoods the active version does not have: while any is missing, no switch.
    missing: list = field(default_factory=list)

    @property
    def outdated(self) -> bool:
        return self.version is not None and self.active is not None and self.version.id != self.active.id

    @property
    def can_switch(self) -> bool:
        return self.outdated and not self.missing


def group_boundaries(group) -> GroupBoundaries:
    version = group_version(group)
    active = _active_version(group.municipality_id)
    missing = []
    if version is not None and active is not None and version.id != active.id:
        present = set(db.session.scalars(select(BoundaryArea.neighbourhood_id).where(
            BoundaryArea.version_id == active.id, BoundaryArea.neighbourhood_id.is_not(None))))
        missing = [n for n in group.neighbourhoods if n.id not in present]
    return GroupBoundaries(version, active, missing)


def switch_to_active(group, user=None) -> BoundaryVersion:
    """Draw the group's territory with the municipality's active version from now on (audited, committed)."""
    state = group_boundaries(group)
    if state.active is None:
        raise GroupBoundaryError(_("This municipality has no approved boundaries."))
    if state.version is not None and state.version.id == state.active.id:
        raise GroupBoundaryError(_("This group already uses the active boundaries."))
    if state.missing:
        raise GroupBoundaryError(_(
            "Version %(number)d no longer has these neighbourhoods of the group: %(names)s. "
            "The group keeps its boundaries.",
            number=state.active.number, names=", ".join(n.name for n in state.missing)))
    link = db.session.get(GroupBoundaryVersion, group.id)
    previous = link.version.number if link is not None else None
    if link is None:
        db.session.add(GroupBoundaryVersion(group_id=group.id, version_id=state.active.id))
    else:
        link.version_id = state.active.id
    log_event("group.boundaries_updated", actor=user, target=f"security_group:{group.id}",
              details={"from_version": previous, "to_version": state.active.number})
    db.session.commit()
    return state.active
