"""Step 1: the security group, its member organisations, charter, meetings and decisions."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class StakeholderType(StrEnum):
    LOCAL_POLICE = "local_police"
    MUNICIPAL_POLICE = "municipal_police"
    PARISH_COUNCIL = "parish_council"
    MUNICIPALITY_SERVICE = "municipality_service"
    SCHOOL = "school"
    HEALTH_SERVICE = "health_service"
    SOCIAL_SERVICES = "social_services"
    RESIDENTS_ASSOCIATION = "residents_association"
    YOUTH_ORGANISATION = "youth_organisation"
    NGO = "ngo"
    FAITH_COMMUNITY = "faith_community"
    LOCAL_BUSINESS = "local_business"
    ACADEMIA = "academia"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(STAKEHOLDER_LABELS[self])


STAKEHOLDER_LABELS = {
    StakeholderType.LOCAL_POLICE: _l("Local police"),
    StakeholderType.MUNICIPAL_POLICE: _l("Municipal police"),
    StakeholderType.PARISH_COUNCIL: _l("Parish council"),
    StakeholderType.MUNICIPALITY_SERVICE: _l("Municipality service"),
    StakeholderType.SCHOOL: _l("School"),
    StakeholderType.HEALTH_SERVICE: _l("Health service"),
    StakeholderType.SOCIAL_SERVICES: _l("Social services"),
    StakeholderType.RESIDENTS_ASSOCIATION: _l("Residents' association"),
    StakeholderType.YOUTH_ORGANISATION: _l("Youth organisation"),
    StakeholderType.NGO: _l("NGO"),
    StakeholderType.FAITH_COMMUNITY: _l("Faith community"),
    StakeholderType.LOCAL_BUSINESS: _l("Local business"),
    StakeholderType.ACADEMIA: _l("Academia"),
    StakeholderType.OTHER: _l("Other"),
}

POLICE_TYPES = frozenset({StakeholderType.LOCAL_POLICE, StakeholderType.MUNICIPAL_POLICE})
MUNICIPALITY_TYPES = frozenset({StakeholderType.MUNICIPALITY_SERVICE, StakeholderType.PARISH_COUNCIL})
COMMUNITY_TYPES = frozenset(StakeholderType) - POLICE_TYPES - MUNICIPALITY_TYPES


group_neighbourhood = Table(
    "group_neighbourhood",
    db.metadata,
    Column("group_id", Integer, ForeignKey("security_group.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", Integer, ForeignKey("neighbourhood.id"), primary_key=True),
)

# The planning team: police planners (and researchers) who run the group's steps.
group_planner = Table(
    "group_planner",
    db.metadata,
    Column("group_id", Integer, ForeignKey("security_group.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class SecurityGroup(db.Model):
    __tablename__ = "security_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    municipality = relationship("Municipality")
    neighbourhoods = relationship("Neighbourhood", secondary=group_neighbourhood, order_by="Neighbourhood.name")
    planners = relationship("User", secondary=group_planner, order_by="User.name")
    organisations: Mapped[list["MemberOrganisation"]] = relationship(
        back_populates="group", order_by="MemberOrganisation.name", cascade="all, delete-orphan"
    )
    charter_versions: Mapped[list["CharterVersion"]] = relationship(
        back_populates="group", order_by="CharterVersion.number", cascade="all, delete-orphan"
    )
    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="group", order_by="Meeting.starts_at.desc()", cascade="all, delete-orphan"
    )
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="group", order_by="Decision.decided_at.desc()", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<SecurityGroup {self.name}>"

    @property
    def current_charter(self) -> "CharterVersion | None":
        return self.charter_versions[-1] if self.charter_versions else None

    @property
    def active_organisations(self) -> list["MemberOrganisation"]:
        return [o for o in self.organisations if o.status == MembershipStatus.ACTIVE]


class MembershipStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    LEFT = "left"


class MemberOrganisation(db.Model):
    """An organisation taking part in a security group, through a named representative."""

    __tablename__ = "member_organisation"
    __table_args__ = (UniqueConstraint("group_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    stakeholder_type: Mapped[str] = mapped_column(String(40))
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    mandate: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=MembershipStatus.INVITED)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[SecurityGroup] = relationship(back_populates="organisations")
    representative = relationship("User")

    @property
    def stakeholder(self) -> StakeholderType:
        return StakeholderType(self.stakeholder_type)


class SignOffRule(StrEnum):
    """How many sign-offs make a charter version binding."""

    DEFAULT = "default"  # police, the municipality and at least two community organisations
    ALL_MEMBERS = "all_members"
    MAJORITY = "majority"


class CharterVersion(db.Model):
    """Terms of reference of a security group; each change is a new version needing new sign-offs."""

    __tablename__ = "charter_version"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(Text)
    territory: Mapped[str] = mapped_column(Text)
    decision_making: Mapped[str] = mapped_column(Text)
    meeting_rhythm: Mapped[str] = mapped_column(String(200))
    data_protection: Mapped[str] = mapped_column(Text)
    sign_off_rule: Mapped[str] = mapped_column(String(20), default=SignOffRule.DEFAULT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    group: Mapped[SecurityGroup] = relationship(back_populates="charter_versions")
    created_by = relationship("User")
    sign_offs: Mapped[list["CharterSignOff"]] = relationship(
        back_populates="charter_version", cascade="all, delete-orphan", order_by="CharterSignOff.signed_at"
    )


class CharterSignOff(db.Model):
    __tablename__ = "charter_sign_off"
    __table_args__ = (UniqueConstraint("charter_version_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_version_id: Mapped[int] = mapped_column(ForeignKey("charter_version.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("member_organisation.id", ondelete="CASCADE"))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    charter_version: Mapped[CharterVersion] = relationship(back_populates="sign_offs")
    organisation: Mapped[MemberOrganisation] = relationship()
    signed_by = relationship("User")


class Meeting(db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[SecurityGroup] = relationship(back_populates="meetings")
    attendance: Mapped[list["MeetingAttendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    decisions: Mapped[list["Decision"]] = relationship(back_populates="meeting")


class MeetingAttendance(db.Model):
    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("member_organisation.id", ondelete="CASCADE"), primary_key=True
    )
    present: Mapped[bool] = mapped_column(Boolean, default=True)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    organisation: Mapped[MemberOrganisation] = relationship()


class DecisionMethod(StrEnum):
    CONSENSUS = "consensus"
    VOTE = "vote"


class Decision(db.Model):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(String(20))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    # What the decision is about, for other steps (e.g. "needs_list:12"); free for plain decisions.
    subject: Mapped[str | None] = mapped_column(String(80), index=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    group: Mapped[SecurityGroup] = relationship(back_populates="decisions")
    meeting: Mapped[Meeting | None] = relationship(back_populates="decisions")
    recorded_by = relationship("User")
