"""Safety walks: a planned walk of a group, the stops its walkers rate, and private photos."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnership.dbtypes import UTCDateTime, utcnow
from partnership.extensions import db


class Period(StrEnum):
    DAY = "day"
    NIGHT = "night"


class Walk(db.Model):
    """One walk of a route; walks of the same group with the same route name are re-walks of it."""

    __tablename__ = "safety_walk"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("security_group.id", ondelete="CASCADE"), index=True)
    route_name: Mapped[str] = mapped_column(String(160))
    walk_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM", local time of the walk
    period: Mapped[str] = mapped_column(String(8), default=Period.DAY)
    # Planned stops, in order: [{"label": str, "lat": float | None, "lng": float | None}].
    route: Mapped[list] = mapped_column(JSON, default=list)
    # The route drawn on the neighbourhood map, a GeoJSON LineString (WGS84), or None (checked in walks.routes).
    route_line: Mapped[dict | None] = mapped_column(JSON)
    # Participating member organisations (ids): organisations, never residents' names.
    organisation_ids: Mapped[list] = mapped_column(JSON, default=list)
    # Items the group adds to the nine parameters: [{"key": str, "label": str}].
    extra_items: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    stops: Mapped[list["WalkStop"]] = relationship(back_populates="walk", order_by="WalkStop.id",
                                                   cascade="all, delete-orphan")


class WalkStop(db.Model):
    """A spot rated during a walk. `client_key` is made on the walker's phone so a retried send stores it once."""

    __tablename__ = "safety_walk_stop"

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("safety_walk.id", ondelete="CASCADE"), index=True)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(160))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id", ondelete="SET NULL"))
    # Item key -> 0..3; an item left unrated is absent (not 0).
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The need this stop became in the group's needs list (the need keeps the stop in its evidence too).
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="SET NULL"))

    walk: Mapped[Walk] = relationship(back_populates="stops")
    photos: Mapped[list["WalkPhoto"]] = relationship(back_populates="stop", cascade="all, delete-orphan")


class WalkPhoto(db.Model):
    """A photo kept in the private upload folder, re-encoded without metadata; never published."""

    __tablename__ = "safety_walk_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    stop_id: Mapped[int] = mapped_column(ForeignKey("safety_walk_stop.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stop: Mapped[WalkStop] = relationship(back_populates="photos")
