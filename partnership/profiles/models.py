"""Step 3 models: the versioned competence library, and versioned team profiles with their evidence."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class LibraryVersion(db.Model):
    """One edition of the shared competence library; its entries never change after it is stored."""

    __tablename__ = "competence_library_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competences: Mapped[list["Competence"]] = relationship(
        back_populates="library_version", order_by="Competence.position", cascade="all, delete-orphan"
    )


class Competence(db.Model):
    """A competence of the library (library_version_id set) or a group's local one (group_id set).

    Texts are {language code: text}; behaviours are {"1"|"2"|"3": {language code: text}},
    cumulative: an expert also shows the practitioner's and experienced officer's behaviours.
    """

    __tablename__ = "competence"
    __table_args__ = (UniqueConstraint("library_version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    library_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_library_version.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(80), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    domain: Mapped[str] = mapped_column(String(20))
    family: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    behaviours: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    library_version: Mapped[LibraryVersion | None] = relationship(back_populates="competences")


class ProfileStatus(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    SUPERSEDED = "superseded"  # an adopted version replaced by a later adopted one


class TeamProfile(db.Model):
    """One version of a group's ideal team profile; adopted versions are frozen."""

    __tablename__ = "team_profile"
    __table_args__ = (UniqueConstraint("group_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=ProfileStatus.DRAFT)
    team_model: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The adopted needs list the profile answers, and the library edition it was drafted with.
    needs_list_id: Mapped[int | None] = mapped_column(ForeignKey("needs_list.id", ondelete="SET NULL"))
    library_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_library_version.id", ondelete="SET NULL"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("team_profile.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("SecurityGroup")
    decision = relationship("Decision")
    roles: Mapped[list["ProfileRole"]] = relationship(
        back_populates="profile", order_by="ProfileRole.position", cascade="all, delete-orphan")
    suggestions: Mapped[list["Suggestion"]] = relationship(
        back_populates="profile", order_by="Suggestion.id", cascade="all, delete-orphan")

    @property
    def is_frozen(self) -> bool:
        return self.status != ProfileStatus.DRAFT


class ProfileRole(db.Model):
    """A role in the team: how many officers, what for, and (through requirements) with what."""

    __tablename__ = "profile_role"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("team_profile.id", ondelete="CASCADE"), index=True)
    # Stable across versions, so the diff can pair a role with its earlier self.
    key: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(160))
    count: Mapped[int] = mapped_column(Integer, default=1)
    purpose: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[str] = mapped_column(Text, default="")

    profile: Mapped[TeamProfile] = relationship(back_populates="roles")
    requirements: Mapped[list["Requirement"]] = relationship(
        back_populates="role", order_by="Requirement.id", cascade="all, delete-orphan")


class RequirementKind(StrEnum):
    COMPETENCE = "competence"
    LANGUAGE = "language"
    PLATFORM = "platform"
    TIME_SPLIT = "time_split"  # value: percent of time online, 0-100
    HOURS = "hours"
    CONDITION = "condition"


class Requirement(db.Model):
    """One thing a role demands, with the adopted needs and published figures that justify it."""

    __tablename__ = "profile_requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("profile_role.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(200))
    level: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    # Ids of needs of the profile's adopted needs list (frozen, so the ids stay valid).
    need_ids: Mapped[list] = mapped_column(JSON, default=list)
    # Published figures as cited: reference plus the value and text at the time of citing.
    citations: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    role: Mapped[ProfileRole] = relationship(back_populates="requirements")
    comments: Mapped[list["RequirementComment"]] = relationship(
        back_populates="requirement", order_by="RequirementComment.created_at", cascade="all, delete-orphan")


class RequirementComment(db.Model):
    """A partner's or planner's remark on one requirement of a draft."""

    __tablename__ = "profile_requirement_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("profile_requirement.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    organisation_name: Mapped[str] = mapped_column(String(160), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    requirement: Mapped[Requirement] = relationship(back_populates="comments")
    author = relationship("User")


class SuggestionStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class Suggestion(db.Model):
    """A requirement the evidence points to; it changes nothing until a person accepts it."""

    __tablename__ = "profile_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("team_profile.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    need_ids: Mapped[list] = mapped_column(JSON, default=list)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=SuggestionStatus.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requirement_id: Mapped[int | None] = mapped_column(ForeignKey("profile_requirement.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    profile: Mapped[TeamProfile] = relationship(back_populates="suggestions")
    decided_by = relationship("User")
