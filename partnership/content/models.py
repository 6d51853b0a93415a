"""Translations of group content, keyed by (kind, record id, field, language)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class ContentTranslation(db.Model):
    """One field of one record in one language, entered by a member of the record's group."""

    __tablename__ = "content_translation"
    __table_args__ = (UniqueConstraint("kind", "object_id", "field", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class ContentOriginal(db.Model):
    """The language a record was written in (records made before this was kept count as the default language)."""

    __tablename__ = "content_original"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    object_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
