"""An event open for sign-up, the host's optional questions, and who may run it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # The Twilio number people text; None means any of the service's numbers.
    phone_number: Mapped[str | None] = mapped_column(String(20))
    table_size: Mapped[int] = mapped_column(default=5)
    rounds: Mapped[int] = mapped_column(default=3)
    is_open: Mapped[bool] = mapped_column(default=True)
    # The room's physical tables, [{"label": "7", "capacity": 6}, ...]; None: as many as needed.
    tables: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # The host's wording of the consent question; None: the standard wording.
    consent_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Retention: this many days after the event's last activity its personal data is
    # erased (workers.retention.purge); then `purged_at` is set and `summary` keeps
    # anonymous counts,
    # e.g. {"attendees": 41, "rounds": 3, "texts_sent": 123, "matches": 30}.
    retention_days: Mapped[int] = mapped_column(default=30, server_default="30")
    purged_at: Mapped[datetime | None]
    summary: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # Introductions after the event: False texts both sides their match's number at once
    # (both said yes to intros at sign-up); True offers each side first ("Reply YES 1")
    # and shares numbers only when both said yes.
    double_opt_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    # At most this many introductions per person as learner, and as many as teacher.
    max_intros: Mapped[int] = mapped_column(default=2, server_default="2")
    # The host who owns the event: they and the co-hosts they invite run it, nobody else.
    # None only until a first host exists (workers.events.event_hosts gives it to them).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("host.id", ondelete="SET NULL"), index=True
    )

    # Archived: hidden from the events list; its data kept until retention erases it.
    archived_at: Mapped[datetime | None]
    # The host's round length, for the dashboard's and the wall's round clock; None: no clock.
    round_minutes: Mapped[int | None]
    # The wall view's unguessable token (in its URL, no sign-in); None: no wall view, or
    # revoked by the host.
    wall_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The next round's plan as the host's preview showed it, so Send seats exactly that:
    # {"number": 2, "tables": [[attendee ids], ...], ...}; None: no preview stored.
    next_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    questions: Mapped[list["Question"]] = relationship(
        back_populates="event", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(Base):
    """One of the host's optional sign-up questions."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "apart": people with the same answer sit apart; "spread": mix answers across tables.
    role: Mapped[str] = mapped_column(String(10), default="spread")

    event: Mapped[Event] = relationship(back_populates="questions")


class CoHost(Base):
    """A host the owner invited to run the event with them, by email: the invitation
    holds for an account added later with that email."""

    __tablename__ = "event_cohost"
    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("host.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EventLog(Base):
    """What a host changed at an event, and who and when: renames, people marked left or
    back, walk-ins added, events archived. `attendee_id` names the person a line is about,
    so erasing them erases their lines too."""

    __tablename__ = "event_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True
    )
    host_email: Mapped[str] = mapped_column(String(254))  # who, kept if the host goes
    action: Mapped[str] = mapped_column(String(20))  # e.g. "rename", "left", "walk_in"
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
