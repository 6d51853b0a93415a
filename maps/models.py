"""Versioned boundary sets of a municipality, their areas and the review trail."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class VersionStatus(StrEnum):
    DRAFT = "draft"
    CHANGES_REQUESTED = "changes_requested"
    ACTIVE = "active"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    VersionStatus.DRAFT: _l("Draft, awaiting review"),
    VersionStatus.CHANGES_REQUESTED: _l("Changes requested"),
    VersionStatus.ACTIVE: _l("Approved, active"),
    VersionStatus.SUPERSEDED: _l("Approved, superseded"),
}


class BoundaryVersion(db.Model):
    """One import of a municipality's neighbourhood boundaries; approval makes it the active set."""

    __tablename__ = "boundary_version"
    __table_args__ = (UniqueConstraint("municipality_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.DRAFT, index=True)
    source_filename: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(20))
    source_layer: Mapped[str | None] = mapped_column(String(255))
    source_crs: Mapped[str] = mapped_column(String(255))
    name_field: Mapped[str] = mapped_column(String(120))
    code_field: Mapped[str | None] = mapped_column(String(120))
    # Attribution the licence of the source data demands wherever it is shown.
    attribution: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Drawn for illustration (the demo), not official boundaries: every map showing it says so.
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    report: Mapped[list] = mapped_column(JSON, default=list)
    area_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality = relationship("Municipality")
    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    areas: Mapped[list["BoundaryArea"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="BoundaryArea.name"
    )
    comments: Mapped[list["BoundaryComment"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="BoundaryComment.created_at"
    )

    @property
    def status_enum(self) -> VersionStatus:
        return VersionStatus(self.status)

    @property
    def is_open(self) -> bool:
        """Still under review: comments and decisions are possible."""
        return self.status in (VersionStatus.DRAFT, VersionStatus.CHANGES_REQUESTED)

    def __repr__(self) -> str:
        return f"<BoundaryVersion {self.municipality_id} v{self.number} {self.status}>"


class BoundaryArea(db.Model):
    """One neighbourhood's shape in one version; geometry as GeoJSON text in WGS84 (no PostGIS needed)."""

    __tablename__ = "boundary_area"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("boundary_version.id", ondelete="CASCADE"), index=True)
    # Set when the version is approved: the stable Neighbourhood this shape belongs to.
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160))
    area_m2: Mapped[float] = mapped_column(Float)
    geometry: Mapped[str] = mapped_column(Text)
    # Simplified with shared borders kept shared, for maps; the full geometry is for export and lookups.
    display_geometry: Mapped[str] = mapped_column(Text)
    # Bounding box in degrees, so point lookups read only candidate rows.
    min_lng: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lng: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)

    version: Mapped[BoundaryVersion] = relationship(back_populates="areas")
    neighbourhood = relationship("Neighbourhood")


class GroupBoundaryVersion(db.Model):
    """The boundary version a security group's territory is drawn with: set at formation, changed by a planner."""

    __tablename__ = "group_boundary_version"

    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("boundary_version.id"), index=True)

    version: Mapped[BoundaryVersion] = relationship()


class CommentKind(StrEnum):
    COMMENT = "comment"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


class BoundaryComment(db.Model):
    """A reviewer's comment or decision on a version."""

    __tablename__ = "boundary_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("boundary_version.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20), default=CommentKind.COMMENT)
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[BoundaryVersion] = relationship(back_populates="comments")
    author = relationship("User")


class BoundaryReviewRule(db.Model):
    """How a municipality signs off boundaries: with `second_reviewer`, whoever imported a draft cannot approve it."""

    __tablename__ = "boundary_review_rule"

    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True)
    second_reviewer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
