"""Evaluation cycles: training, community integration, addressing needs, then start again."""
from __future__ import annotations

import calendar
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class CycleStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CycleSettings(db.Model):
    """What a group decides about its cycles: priority cap, online answer target, public page."""

    __tablename__ = "cycle_settings"

    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), primary_key=True)
    max_active_priorities: Mapped[int] = mapped_column(Integer, default=3)
    # Web constables promise an answer within three working days.
    response_target_days: Mapped[int] = mapped_column(Integer, default=3)
    public_page: Mapped[bool] = mapped_column(Boolean, default=True)


class Cycle(db.Model):
    __tablename__ = "evaluation_cycle"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer, default=12)
    status: Mapped[str] = mapped_column(String(12), default=CycleStatus.OPEN)
    baseline_survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    follow_up_survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    # The needs the cycle works from, fixed when it opens: [{key, title, rank, note}].
    needs: Mapped[list] = mapped_column(JSON, default=list)
    lessons: Mapped[str] = mapped_column(Text, default="")
    report_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("SecurityGroup")
    report_decision = relationship("Decision")
    baseline_survey = relationship("Survey", foreign_keys=[baseline_survey_id])
    follow_up_survey = relationship("Survey", foreign_keys=[follow_up_survey_id])
    trainings: Mapped[list["CycleTraining"]] = relationship(
        back_populates="cycle", order_by="CycleTraining.id", cascade="all, delete-orphan")
    activities: Mapped[list["EngagementActivity"]] = relationship(
        back_populates="cycle", order_by="EngagementActivity.happened_on.desc()", cascade="all, delete-orphan")
    messages: Mapped[list["OnlineMessages"]] = relationship(
        back_populates="cycle", order_by="OnlineMessages.received_on", cascade="all, delete-orphan")
    signals: Mapped[list["OnlineSignal"]] = relationship(
        back_populates="cycle", order_by="OnlineSignal.observed_on.desc()", cascade="all, delete-orphan")
    priorities: Mapped[list["Priority"]] = relationship(
        back_populates="cycle", order_by="Priority.id", cascade="all, delete-orphan")
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="cycle", order_by="Indicator.id", cascade="all, delete-orphan")

    @property
    def ends_on(self) -> date:
        """The day after the period (six or twelve months from the start)."""
        month = self.starts_on.month - 1 + self.months
        year, month = self.starts_on.year + month // 12, month % 12 + 1
        return date(year, month, min(self.starts_on.day, calendar.monthrange(year, month)[1]))

    @property
    def is_open(self) -> bool:
        return self.status == CycleStatus.OPEN


class CycleTraining(db.Model):
    """Training added for this cycle (the team's Step 4 plans are read from Step 4)."""

    __tablename__ = "cycle_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    who: Mapped[str] = mapped_column(String(200), default="")
    days: Mapped[float] = mapped_column(Float, default=1.0)
    mode: Mapped[str] = mapped_column(String(20), default="classroom")
    completed_on: Mapped[date | None] = mapped_column(Date)

    cycle: Mapped[Cycle] = relationship(back_populates="trainings")


class PlanCompletion(db.Model):
    """A Step 4 training plan item the cycle saw completed; it stays completed in later cycles."""

    __tablename__ = "cycle_plan_completion"
    __table_args__ = (UniqueConstraint("group_id", "plan_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"))
    plan_item_id: Mapped[int] = mapped_column(Integer)
    completed_on: Mapped[date] = mapped_column(Date)


class Channel(StrEnum):
    OFFLINE = "offline"
    ONLINE = "online"


class EngagementActivity(db.Model):
    """One meeting, visit, patrol, event or online session of the team."""

    __tablename__ = "engagement_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))
    platform: Mapped[str] = mapped_column(String(40), default="")
    happened_on: Mapped[date] = mapped_column(Date)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200), default="")
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    partners: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="activities")
    neighbourhood = relationship("Neighbourhood")


class OnlineMessages(db.Model):
    """Messages to the online channel received one day (and answered one day): counts only, no content."""

    __tablename__ = "online_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship(back_populates="messages")


class OnlineSignal(db.Model):
    """A trend the team noticed online and where it was referred; never about a person."""

    __tablename__ = "online_signal"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    platform: Mapped[str] = mapped_column(String(40))
    theme: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    referred_to: Mapped[str] = mapped_column(String(30), default="none")
    referred_detail: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="signals")
    neighbourhood = relationship("Neighbourhood")


class PriorityStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Priority(db.Model):
    """A need the group works on this cycle, as a SARA problem-solving record."""

    __tablename__ = "cycle_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    need_key: Mapped[str] = mapped_column(String(60), default="custom")
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=PriorityStatus.ACTIVE)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    scanning: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    # Impact as the group judged it when no indicator measures it: unknown, improved, not_improved.
    impact: Mapped[str] = mapped_column(String(20), default="unknown")
    displacement: Mapped[str] = mapped_column(String(20), default="not_assessed")
    displacement_notes: Mapped[str] = mapped_column(Text, default="")
    closed_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("cycle_priority.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="priorities")
    closed_decision = relationship("Decision")
    neighbourhood = relationship("Neighbourhood")
    actions: Mapped[list["PriorityAction"]] = relationship(
        back_populates="priority", order_by="PriorityAction.id", cascade="all, delete-orphan")
    indicators: Mapped[list["Indicator"]] = relationship(back_populates="priority", order_by="Indicator.id")


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"


class PriorityAction(db.Model):
    __tablename__ = "priority_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("cycle_priority.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    # An organisation or a role, not a person's name: the public page lists actions.
    owner: Mapped[str] = mapped_column(String(160), default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PLANNED)
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    priority: Mapped[Priority] = relationship(back_populates="actions")


class Indicator(db.Model):
    """What tells whether things got better: a survey figure or a count the group enters."""

    __tablename__ = "cycle_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("cycle_priority.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(10), default="count")  # survey | count
    standard: Mapped[str | None] = mapped_column(String(40))
    question_code: Mapped[str | None] = mapped_column(String(60))
    row: Mapped[str | None] = mapped_column(String(60))
    measure: Mapped[str] = mapped_column(String(10), default="share")  # share | mean
    options: Mapped[list] = mapped_column(JSON, default=list)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    follow_up_value: Mapped[float | None] = mapped_column(Float)

    cycle: Mapped[Cycle] = relationship(back_populates="indicators")
    priority: Mapped[Priority | None] = relationship(back_populates="indicators")

    @property
    def label(self) -> str:
        """The title in the reader's language (standard indicators are translated, the group's own are not)."""
        from partnership.cycles.comparison import indicator_label

        return indicator_label(self)


class SelfAssessmentResponse(db.Model):
    """One anonymous self-assessment sheet: only the respondent's role and the date are kept."""

    __tablename__ = "self_assessment_response"

    # A random key rather than a counter, so the order of sheets cannot be matched to the order of participants.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12))  # officer | partner
    submitted_on: Mapped[date] = mapped_column(Date)

    scores: Mapped[list["SelfAssessmentScore"]] = relationship(cascade="all, delete-orphan")


class SelfAssessmentScore(db.Model):
    __tablename__ = "self_assessment_score"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("self_assessment_response.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(30))
    statement: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(Integer)


class SelfAssessmentParticipant(db.Model):
    """Who has answered a cycle's self-assessment (to answer once), kept apart from what they answered."""

    __tablename__ = "self_assessment_participant"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("evaluation_cycle.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
