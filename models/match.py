"""Learn/teach introductions after the event, and the one run that sends them."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Match(Base):
    """One introduction: the learner meets someone who can teach what they want to learn.

    A mutual pair (each can teach the other) is two rows with `mutual` set.
    """

    __tablename__ = "match"
    __table_args__ = (UniqueConstraint("event_id", "learner_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # NULL once a person erased their data (DELETE): the match stays counted, anonymous.
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True
    )
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendee.id", ondelete="SET NULL"), index=True
    )
    learn: Mapped[str] = mapped_column(Text)
    teach: Mapped[str] = mapped_column(Text)
    score: Mapped[float]
    mutual: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default="sent")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MatchOffer(Base):
    """With double opt-in: one side of a match, asked "Reply YES 1 to be introduced to ...".

    `number` is the 1 in "YES 1", counted per person. Numbers are exchanged only when both
    sides of the match said yes before `expires_at`.
    """

    __tablename__ = "match_offer"
    __table_args__ = (UniqueConstraint("attendee_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("match.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendee.id", ondelete="CASCADE"))
    number: Mapped[int]
    answer: Mapped[str | None] = mapped_column(String(3))  # "yes", "no", or None: not yet
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class MatchRun(Base):
    """When an event's match-ups go out. One per event, so they are never sent twice.

    `token` changes whenever the host (re)schedules; a queued job whose token is no
    longer the run's does nothing. `sent_at` is set, once, by the job that sends.
    """

    __tablename__ = "match_run"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(32))
    send_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerVector(Base):
    """A learn or teach answer as the matcher's vector, stored when the answer arrives."""

    __tablename__ = "answer_vector"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendee.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(5), primary_key=True)  # "learn" or "teach"
    text: Mapped[str] = mapped_column(Text)  # the answer the vector was made from
    version: Mapped[str] = mapped_column(String(40))  # workers.matching.VECTOR_VERSION
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32
