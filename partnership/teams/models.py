"""Step 4: vacancies, candidates and their scores, role holders, the training catalogue and plans.

Competences are stored as the code strings of Step 3's library; a vacancy keeps a
snapshot of the roles it was generated from (with the profile id and version), so a
later change to the profile never rewrites a notice already published.
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class VacancyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CourseMode(StrEnum):
    CLASSROOM = "classroom"
    ONLINE = "online"
    BLENDED = "blended"


class TeamSettings(db.Model):
    """What the group asks of its team: the readiness that completes Step 4."""

    __tablename__ = "team_settings"

    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), primary_key=True)
    readiness_target: Mapped[float] = mapped_column(Float, default=0.8)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Vacancy(db.Model):
    __tablename__ = "vacancy"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(Integer)
    profile_version: Mapped[int] = mapped_column(Integer)
    team_model_name: Mapped[str] = mapped_column(String(200), default="")
    # [{key, title, seats: [1, 2], purpose, responsibilities, competences: [{code, name, domain, level}],
    #   languages, platforms, online_share, hours, conditions}]
    roles: Mapped[list] = mapped_column(JSON)
    # {competence code: weight}; fixed before the first score, locked from then on.
    weights: Mapped[dict] = mapped_column(JSON, default=dict)
    weights_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    partner_panel: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_panel_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    # The holding whose end this vacancy replaces (no foreign key: holdings point at vacancies already).
    replaces_holding_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=VacancyStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("SecurityGroup")
    candidates: Mapped[list["Candidate"]] = relationship(back_populates="vacancy", order_by="Candidate.id",
                                                         cascade="all, delete-orphan")

    @property
    def competence_codes(self) -> list[str]:
        """Every competence any role of the vacancy asks for, in first-seen order."""
        codes: list[str] = []
        for role in self.roles:
            for competence in role["competences"]:
                if competence["code"] not in codes:
                    codes.append(competence["code"])
        return codes

    @property
    def competence_names(self) -> dict[str, str]:
        return {c["code"]: c["name"] for role in self.roles for c in role["competences"]}


class Candidate(db.Model):
    """An internal applicant: only what the selection needs (minimised), purged when not appointed."""

    __tablename__ = "candidate"
    __table_args__ = (UniqueConstraint("vacancy_id", "pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(160))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    platforms: Mapped[list] = mapped_column(JSON, default=list)
    motivation: Mapped[str] = mapped_column(Text, default="")
    online_motivation: Mapped[str] = mapped_column(Text, default="")
    # What an anonymised partner panel sees instead of the name: "Candidate B".
    pseudonym: Mapped[str] = mapped_column(String(20))
    appointed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    vacancy: Mapped[Vacancy] = relationship(back_populates="candidates")
    sheets: Mapped[list["ScoreSheet"]] = relationship(back_populates="candidate", cascade="all, delete-orphan",
                                                      order_by="ScoreSheet.id")


class ScoreSheet(db.Model):
    """One panel member's scores of one candidate, submitted once, all competences together."""

    __tablename__ = "score_sheet"
    __table_args__ = (UniqueConstraint("candidate_id", "rater_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # A partner scored the anonymised answers only.
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="sheets")
    rater = relationship("User")
    scores: Mapped[list["CompetenceScore"]] = relationship(back_populates="sheet", cascade="all, delete-orphan",
                                                           order_by="CompetenceScore.id")


class CompetenceScore(db.Model):
    __tablename__ = "competence_score"
    __table_args__ = (UniqueConstraint("sheet_id", "competence_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheet.id", ondelete="CASCADE"), index=True)
    competence_code: Mapped[str] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")


class RoleHolding(db.Model):
    """One officer in one seat of a role, from appointment until they leave; ended holdings are the history."""

    __tablename__ = "role_holding"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id", ondelete="SET NULL"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id", ondelete="SET NULL"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    role_key: Mapped[str] = mapped_column(String(60))
    role_title: Mapped[str] = mapped_column(String(200))
    seat: Mapped[int] = mapped_column(Integer)
    officer_name: Mapped[str] = mapped_column(String(120))
    # {competence code: level 0-3} as the panel assessed it at appointment.
    assessed_levels: Mapped[dict] = mapped_column(JSON, default=dict)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(200), default="")

    vacancy = relationship("Vacancy", foreign_keys=[vacancy_id])
    decision = relationship("Decision")
    plan_items: Mapped[list["PlanItem"]] = relationship(back_populates="holding", cascade="all, delete-orphan",
                                                        order_by="PlanItem.position")

    @property
    def label(self) -> str:
        """What partners see instead of the name: the role and seat."""
        return f"{self.role_title} {self.seat}"

    @property
    def current_levels(self) -> dict[str, int]:
        """Assessed levels raised by completed, assessed training."""
        levels = dict(self.assessed_levels or {})
        for item in self.plan_items:
            for code, level in (item.levels_reached or {}).items():
                levels[code] = max(levels.get(code, 0), int(level))
        return levels


class Course(db.Model):
    """An offer of the installation-wide training catalogue."""

    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    provider: Mapped[str] = mapped_column(String(200))
    days: Mapped[float] = mapped_column(Float)
    mode: Mapped[str] = mapped_column(String(12), default=CourseMode.CLASSROOM)
    language: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # {competence code: level the course takes a participant to}
    competences: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanItem(db.Model):
    """One course in an officer's plan; completion needs a date, a raised level needs an assessment note."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    holding_id: Mapped[int] = mapped_column(ForeignKey("role_holding.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"))
    # Copied from the course so the plan still reads right if the catalogue changes.
    course_title: Mapped[str] = mapped_column(String(200))
    days: Mapped[float] = mapped_column(Float)
    mode: Mapped[str] = mapped_column(String(12))
    competence_codes: Mapped[list] = mapped_column(JSON, default=list)
    # {competence code: level the course takes the officer to}, from the catalogue at planning time
    target_levels: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[date | None] = mapped_column(Date)
    levels_reached: Mapped[dict] = mapped_column(JSON, default=dict)
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    holding: Mapped[RoleHolding] = relationship(back_populates="plan_items")
    course = relationship("Course")
