"""What a host changes about people on the night: a name fixed, someone marked left or
back, a walk-in added by name (no phone). Each change is written to the event's log
(who, when) with the change it describes; the caller commits, then queues any text ids.

A walk-in has no number: they are seated like everyone, named at their table and on the
cards and the wall, and never texted (the outbox skips rows without a number). The host
is told where to send them.
"""

from dataclasses import dataclass

from sqlalchemy import orm, select

from models import Answer, Attendee, Event, Question, Round, Seat
from workers.events import event_log
from workers.rounds import seating

NAME_LIMIT = 60  # the column's size
ANSWER_LIMIT = 500


class ChangeError(ValueError):
    """The change cannot be made as asked; the message says why, for the host."""


@dataclass(frozen=True)
class Seated:
    """Where someone was just seated in the running round (None: every table was full),
    and the text telling them so, if they have a phone."""

    label: str | None
    text_ids: list[int]
    being_seated: int | None = None  # a round whose tables are being planned right now


def person(session: orm.Session, event: Event, attendee_id: int) -> Attendee:
    """One of the event's people, or ChangeError (never someone from another event)."""
    found = session.get(Attendee, attendee_id)
    if found is None or found.event_id != event.id:
        raise ChangeError("That person is not signed up at this event.")
    return found


def _not_erased(event: Event) -> None:
    if event.purged_at is not None:
        raise ChangeError("This event's personal data was erased: nobody can be added.")


def rename(session: orm.Session, event: Event, attendee_id: int, name: str, host: str) -> None:
    """Give someone the name their tablemates see from the next text on."""
    who = person(session, event, attendee_id)
    new = _clean_name(name)
    if new == who.name:
        return
    # The line keeps the name it replaced: erasing the person looks for it in others'
    # texts too (they were told the old one).
    event_log.record(session, event.id, host, "rename", who.name or "", who.id)
    who.name = new


def mark_left(session: orm.Session, event: Event, attendee_id: int, host: str) -> None:
    """Someone went home, or never came: they are left out of the next rounds' tables."""
    who = person(session, event, attendee_id)
    if who.status == "left":
        return
    who.status = "left"
    event_log.record(session, event.id, host, "left", who.name or "", who.id)


def mark_back(session: orm.Session, event: Event, attendee_id: int, host: str) -> Seated | None:
    """Someone is here again: seated in the next rounds and, while a round is running,
    at a table with room now (they are texted it if they have a phone)."""
    who = person(session, event, attendee_id)
    if who.status != "left":
        return None
    who.status = "complete" if who.step == "done" else "signing_up"
    event_log.record(session, event.id, host, "back", who.name or "", who.id)
    return _seat_now(session, event, who) if who.status == "complete" else None


def add_walk_in(
    session: orm.Session,
    event: Event,
    name: str,
    host: str,
    *,
    intro: str = "",
    learn: str = "",
    teach: str = "",
    answers: dict[int, str] | None = None,
) -> tuple[Attendee, Seated | None]:
    """Add someone with no phone by name: seated like everyone, never texted, never
    introduced (introductions go by text)."""
    _not_erased(event)
    session.flush()  # the event has its id
    who = Attendee(
        event_id=event.id,
        phone=None,
        name=_clean_name(name),
        step="done",
        status="complete",
        consent=False,
        intro=_clean(intro),
        learn=_clean(learn),
        teach=_clean(teach),
    )
    session.add(who)
    session.flush()
    questions = {
        q.id: q for q in session.scalars(select(Question).where(Question.event_id == event.id))
    }
    for question_id, value in (answers or {}).items():
        if question_id in questions and value.strip():
            session.add(Answer(attendee_id=who.id, question_id=question_id, value=_clean(value)))
    session.flush()
    event_log.record(session, event.id, host, "walk_in", who.name or "", who.id)
    return who, _seat_now(session, event, who)


def _seat_now(session: orm.Session, event: Event, who: Attendee) -> Seated | None:
    """Seat someone in the running round, as a late arrival; None when no round runs or
    they already have a seat in it."""
    rnd = seating.running_round(session, event.id)
    if rnd is None:
        latest = session.scalar(
            select(Round).where(Round.event_id == event.id).order_by(Round.number.desc()).limit(1)
        )
        if latest is not None and latest.status == "planning":  # its job reads who is here
            return Seated(None, [], being_seated=latest.number)
        return None
    if session.scalar(select(Seat.id).where(Seat.round_id == rnd.id, Seat.attendee_id == who.id)):
        return None
    text_id = seating.seat_late(session, event.id, who.id)
    table = session.scalar(
        select(Seat.table).where(Seat.round_id == rnd.id, Seat.attendee_id == who.id)
    )
    label = None if table is None else seating.table_label(rnd, table)
    return Seated(label, [text_id] if text_id is not None else [])


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ChangeError("Write the name their tablemates should see.")
    if len(name) > NAME_LIMIT:
        raise ChangeError(f"That name is longer than {NAME_LIMIT} characters.")
    return name


def _clean(value: str) -> str:
    return " ".join(value.split())[:ANSWER_LIMIT]
