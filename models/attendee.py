"""People signing up at an event, their answers, and numbers that opted out."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, exists
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from models.base import Base, utcnow
from models.event import Event, Question


class OptOut(Base):
    """A number that texted STOP: it is never texted again until it texts START."""

    __tablename__ = "opt_out"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attendee(Base):
    __tablename__ = "attendee"
    __table_args__ = (UniqueConstraint("event_id", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # Indexed on its own too: a text reads every sign-up of its number at once. None for a
    # walk-in the host added by name (no phone, or one who won't text): seated, never texted.
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    # The conversation state: which question the next text answers.
    step: Mapped[str] = mapped_column(String(30), default="name")
    resume_step: Mapped[str | None] = mapped_column(String(30))
    name: Mapped[str | None] = mapped_column(String(60))
    # None: not asked yet; "": skipped.
    intro: Mapped[str | None] = mapped_column(Text)
    learn: Mapped[str | None] = mapped_column(Text)
    teach: Mapped[str | None] = mapped_column(Text)
    consent: Mapped[bool | None]
    status: Mapped[str] = mapped_column(String(12), default="signing_up")
    # Read from opt_out, the one record of STOP: a number opts out, not a sign-up.
    opted_out: Mapped[bool] = column_property(
        exists().where(OptOut.phone == phone).correlate_except(OptOut)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attendee", cascade="all, delete-orphan"
    )


class Answer(Base):
    """An attendee's answer to one of the host's questions ("" when skipped)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("attendee_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text)

    attendee: Mapped[Attendee] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
