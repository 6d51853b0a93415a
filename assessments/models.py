"""Step 2 models: surveys, questions, anonymous responses, invitations, needs lists."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessments.disclosure import new_record_key
from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Channel(StrEnum):
    """How an answer reached us; tokens are never recorded, only that one was used."""

    LINK = "link"
    INVITATION = "invitation"
    PAPER = "paper"


class Survey(db.Model):
    """A questionnaire of one security group; a new version is a new survey row."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    # Translatable texts are {language code: text}.
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    intro: Mapped[dict] = mapped_column(JSON, default=dict)
    languages: Mapped[list] = mapped_column(JSON, default=lambda: ["en"])
    default_language: Mapped[str] = mapped_column(String(8), default="en")
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=SurveyStatus.DRAFT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    # The boundary version the survey's maps use: the active one when the survey was made (None: no
    # boundaries then, so the maps show whatever is active).
    boundary_version_id: Mapped[int | None] = mapped_column(ForeignKey("boundary_version.id"))
    # Whether respondents say which neighbourhood they live in (first page).
    ask_neighbourhood: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("SecurityGroup")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="survey", order_by="Question.position", cascade="all, delete-orphan"
    )
    targets: Mapped[list["SampleTarget"]] = relationship(back_populates="survey", cascade="all, delete-orphan")

    def text(self, field: str, lang: str | None = None) -> str:
        """A translated text of the survey, falling back to its default language."""
        values = getattr(self, field) or {}
        return values.get(lang or self.default_language) or values.get(self.default_language) or next(
            (v for v in values.values() if v), ""
        )

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class Question(db.Model):
    """One question; its type (see `question_types`) interprets `config`."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(20))
    label: Mapped[dict] = mapped_column(JSON, default=dict)
    hint: Mapped[dict] = mapped_column(JSON, default=dict)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Options, grid rows, scale, bounds, places... as the type defines.
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    # Skip rule: show only when the question `show_if_code` has one of `show_if_values`.
    show_if_code: Mapped[str | None] = mapped_column(String(60))
    show_if_values: Mapped[list | None] = mapped_column(JSON)
    new_page: Mapped[bool] = mapped_column(Boolean, default=False)
    bank_item: Mapped[str | None] = mapped_column(String(60))
    module: Mapped[str | None] = mapped_column(String(40))

    survey: Mapped[Survey] = relationship(back_populates="questions")

    def text(self, field: str, lang: str | None = None) -> str:
        values = getattr(self, field) or {}
        default = self.survey.default_language if self.survey else "en"
        return values.get(lang or default) or values.get(default) or next((v for v in values.values() if v), "")


class Response(db.Model):
    """One anonymous answer sheet: no user, no token, no IP, and only the date."""

    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(12), default=Channel.LINK)
    language: Mapped[str] = mapped_column(String(8), default="en")
    submitted_on: Mapped[date] = mapped_column(Date)
    # The hidden nonce of the answering session: a double submit hits this unique key.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The cell-key method's record key (see `disclosure`): random, fixed when stored, copied onto the answer rows.
    record_key: Mapped[int] = mapped_column(SmallInteger, default=new_record_key)


class Answer(db.Model):
    """The long table of answers, built for GROUP BY: one row per chosen option/row/value."""

    __tablename__ = "answer"
    __table_args__ = (
        # Each aggregate query reads one covering index instead of the table (see `aggregates`):
        # overall counts and means; with response_id, the same in index order by "about you" band.
        # record_key rides along so the cell keys come from the same index (see `disclosure`).
        Index("ix_answer_question_option", "question_id", "row", "option", "response_id", "record_key"),
        Index("ix_answer_question_number", "question_id", "row", "number", "response_id", "record_key"),
        # Bases of several-rows kinds (DISTINCT response, with its record key), also per neighbourhood:
        # the DISTINCT streams in index order, no sort and no read of the table.
        Index("ix_answer_question_respondent", "question_id", "response_id", "neighbourhood_id", "record_key"),
        Index("ix_answer_response_question", "response_id", "question_id"),
        # Counts and means by neighbourhood: no join to the response table.
        Index("ix_answer_question_neighbourhood", "question_id", "neighbourhood_id", "row", "option", "number",
              "record_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    # A copy of Response.neighbourhood_id, written with the sheet (`answering.store_response`) so
    # breakdowns GROUP BY it without a join. It reveals nothing the response row does not already say;
    # both columns follow a deleted neighbourhood to NULL.
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    row: Mapped[str | None] = mapped_column(String(60))
    option: Mapped[str | None] = mapped_column(String(60))
    number: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    # A copy of Response.record_key, so a cell's key is a SUM in the same GROUP BY as its count.
    record_key: Mapped[int] = mapped_column(SmallInteger, default=new_record_key)


class AnswerDraft(db.Model):
    """Answers in progress across pages; deleted when the response is stored."""

    __tablename__ = "answer_draft"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # Hash of the invitation token being used; dropped with the draft at submission.
    token_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)


class PaperEntryForm(db.Model):
    """One blank paper-entry form handed out; deleted when it is saved.

    Its token sits in the page's address, so a form brought back by the browser's Back
    button is recognised as saved and refused, instead of storing the questionnaire twice.
    Only the day it was handed out is kept (to clear forms never used).
    """

    __tablename__ = "paper_entry_form"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    issued_on: Mapped[date] = mapped_column(Date, index=True)


class InvitationBatch(db.Model):
    __tablename__ = "invitation_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    neighbourhood = relationship("Neighbourhood")
    tokens: Mapped[list["InvitationToken"]] = relationship(back_populates="batch", cascade="all, delete-orphan")


class InvitationToken(db.Model):
    """An unused single-use invitation; only its hash is kept, and the row is deleted when used.

    Deleting rather than flagging leaves nothing (no timestamp, no PostgreSQL xmin
    shared with the response row) that could tie the token to the answer it allowed.
    """

    __tablename__ = "invitation_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("invitation_batch.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    batch: Mapped[InvitationBatch] = relationship(back_populates="tokens")


class SampleTarget(db.Model):
    """How many answers the group aims for in a neighbourhood and age band."""

    __tablename__ = "sample_target"
    __table_args__ = (UniqueConstraint("survey_id", "neighbourhood_id", "age_band"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhood.id", ondelete="CASCADE"))
    # An option value of the "about you" age question, or "" for all ages.
    age_band: Mapped[str] = mapped_column(String(30), default="")
    target: Mapped[int] = mapped_column(Integer)

    survey: Mapped[Survey] = relationship(back_populates="targets")
    neighbourhood = relationship("Neighbourhood")


class NeedsListStatus(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"


class NeedsList(db.Model):
    """The ranked needs a group reviews and adopts; Step 3 builds on the adopted one."""

    __tablename__ = "needs_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=NeedsListStatus.DRAFT)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    survey = relationship("Survey")
    decision = relationship("Decision")
    needs: Mapped[list["Need"]] = relationship(
        back_populates="needs_list", order_by="Need.rank", cascade="all, delete-orphan"
    )


class Need(db.Model):
    __tablename__ = "need"

    id: Mapped[int] = mapped_column(primary_key=True)
    needs_list_id: Mapped[int] = mapped_column(ForeignKey("needs_list.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    # Links to the figures behind the need: [{question_id, code, option, label, value, low, high, n}].
    evidence: Mapped[list] = mapped_column(JSON, default=list)

    needs_list: Mapped[NeedsList] = relationship(back_populates="needs")
