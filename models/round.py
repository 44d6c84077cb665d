"""Rounds of seating and who sits where."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Round(Base):
    """One round of an event; (event, number) is unique, so a round cannot start twice."""

    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 1-based
    # planning -> sending -> sent
    status: Mapped[str] = mapped_column(String(12), default="planning")
    note: Mapped[str | None] = mapped_column(String(300))  # e.g. why zero repeats was impossible
    # The event's physical tables ({label, capacity}) as they were when this round was
    # planned, None for numbered tables: the host may rename or reorder tables later, and this
    # round's late arrivals, cards and export keep what its people were told.
    tables: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Seat(Base):
    """Where one person sits in one round; table None means they sit this round out."""

    __tablename__ = "seat"
    __table_args__ = (UniqueConstraint("round_id", "attendee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendee.id", ondelete="CASCADE"), index=True
    )
    table: Mapped[int | None]  # the label texted to people: TABLE 7; numbered from 1
    late: Mapped[bool] = mapped_column(default=False)
