"""A short text from the host to everyone present ("The bar is open!"), checked and
costed before it goes: the host confirms how many texts, segments and what it costs."""

from sqlalchemy import orm

from models import Event
from workers.outbox.writer import Kind, Text, add_texts
from workers.rounds import seating
from workers.texts.cost import Estimate, estimate
from workers.texts.gsm import GSM7_BASIC, GSM7_EXTENDED, segments

MAX_SEGMENTS = 2
GSM7_FITS = 153 * MAX_SEGMENTS  # characters in two GSM-7 segments
UCS2_FITS = 67 * MAX_SEGMENTS  # in two UCS-2 segments: one emoji or curly letter halves it


class BroadcastError(ValueError):
    """The text cannot be sent as it is; the message says why, for the host."""


def checked(body: str) -> str:
    """The text as it will go (spaces tidied), or BroadcastError saying what to change."""
    body = " ".join(body.split())
    if not body:
        raise BroadcastError("Write something to send.")
    if segments(body) > MAX_SEGMENTS:
        raise BroadcastError(too_long(body))
    return body


def too_long(body: str) -> str:
    """Why a text does not fit two segments, in the host's words: GSM-7 or UCS-2."""
    others = sorted({ch for ch in body if ch not in GSM7_BASIC and ch not in GSM7_EXTENDED})
    if not others:
        doubles = sorted({ch for ch in body if ch in GSM7_EXTENDED})
        counted = len(body) + sum(ch in GSM7_EXTENDED for ch in body)
        note = f" ({' '.join(doubles)} count as two each)" if doubles else ""
        return (
            f"That is {counted} characters{note}: two text messages hold {GSM7_FITS}. "
            "Please shorten it."
        )
    shown = " ".join(others[:5])
    return (
        f"That is {len(body)} characters, and {shown} "
        f"{'is a character' if len(others) == 1 else 'are characters'} outside the plain "
        f"SMS alphabet (GSM-7), so the whole text goes as UCS-2: two text messages hold only "
        f"{UCS2_FITS} characters. Shorten it, or take out {shown} to fit {GSM7_FITS}."
    )


def cost(session: orm.Session, event: Event, body: str, price: float) -> Estimate:
    """What sending body to everyone present would take: texts, segments, cost."""
    body = checked(body)
    people = [p for p in seating.present(session, event.id) if p.phone]  # walk-ins: no text
    if not people:
        raise BroadcastError("Nobody with a phone is signed up yet.")
    return estimate((body for _ in people), price)


def broadcast(session: orm.Session, event: Event, body: str) -> list[int]:
    """Write one outbox row per person present; the caller commits and queues the ids."""
    body = checked(body)
    people = seating.present(session, event.id)
    if not people:
        raise BroadcastError("Nobody is signed up yet.")
    texts = [Text(Kind.BROADCAST, p.phone, body, event.id, p.id) for p in people]
    return add_texts(session, texts)
