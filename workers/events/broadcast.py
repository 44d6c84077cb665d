"""A short text from the host to everyone present ("The bar is open!")."""

from sqlalchemy import orm

from models import Event
from workers.outbox.writer import Kind, Text, add_texts
from workers.rounds import seating
from workers.texts.gsm import segments

MAX_SEGMENTS = 2


class BroadcastError(ValueError):
    """The text cannot be sent as it is; the message says why, for the host."""


def broadcast(session: orm.Session, event: Event, body: str) -> list[int]:
    """Write one outbox row per person present; the caller commits and queues the ids."""
    body = " ".join(body.split())
    if not body:
        raise BroadcastError("Write something to send.")
    if segments(body) > MAX_SEGMENTS:
        raise BroadcastError(
            f"That is more than {MAX_SEGMENTS} text messages long; please shorten it."
        )
    people = seating.present(session, event.id)
    if not people:
        raise BroadcastError("Nobody is signed up yet.")
    texts = [Text(Kind.BROADCAST, p.phone, body, event.id, p.id) for p in people]
    return add_texts(session, texts)
