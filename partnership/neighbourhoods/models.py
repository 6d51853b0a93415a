"""Municipalities and neighbourhoods. Boundaries (geometry) live in `maps`."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    neighbourhoods: Mapped[list["Neighbourhood"]] = relationship(
        back_populates="municipality", order_by="Neighbourhood.name"
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.name}>"


class Neighbourhood(db.Model):
    __tablename__ = "neighbourhood"
    __table_args__ = (UniqueConstraint("municipality_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    # The official code (for Lisbon parishes, the DICOFRE code) that boundary files carry.
    code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship(back_populates="neighbourhoods")

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.name}>"
