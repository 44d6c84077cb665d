"""Retention: erase an event's personal data, keeping only anonymous counts.

Erased: every sign-up (number, name, intro, learn, teach) with its answers, answer
vectors and seats; the match-ups (their learn/teach words) and their offers; every text
in and out of the event, and the event's people's texts that belong to no event (STOP,
texts after it closed). Kept: the event, its questions, rounds and match run (the host's
own words and times), the counts in `Event.summary`, and `opt_out`: a STOP must be
honoured forever, so the number stays there (as carriers require) though nothing links
it to the event any more.
"""

from datetime import datetime

from sqlalchemy import delete, func, orm, select

from models import Attendee, Event, Match, MatchOffer, Round, utcnow
from workers.retention import erasure
from workers.retention.erasure import attendee, inbound, outbound


def purge(session: orm.Session, event_id: int, now: datetime | None = None) -> Event | None:
    """Erase the event's personal data and close it; None when there is no such event.

    The caller commits. Harmless to repeat: the counts of the first purge are kept.
    """
    # Locked, so two workers purging at once take turns (SQLite: one writer anyway).
    event = session.scalar(select(Event).where(Event.id == event_id).with_for_update())
    if event is None:
        return None
    if event.purged_at is None:
        event.summary = counts(session, event_id)
        event.purged_at = now or utcnow()
    # A purged event answers no texts, so nobody signs up to it again unnoticed.
    event.is_open = False
    _erase(session, event_id)
    return event


def counts(session: orm.Session, event_id: int) -> dict[str, int]:
    """The anonymous counts kept after a purge."""

    def count(table, *where) -> int:
        return session.scalar(select(func.count()).select_from(table).where(*where)) or 0

    mine = attendee.c.event_id == event_id
    return {
        "attendees": count(attendee, mine),
        "signed_up": count(attendee, mine, attendee.c.status != "signing_up"),
        "opted_out": count(attendee, mine, Attendee.opted_out),
        "rounds": count(Round.__table__, Round.event_id == event_id),
        "texts_received": count(inbound, inbound.c.event_id == event_id),
        "texts_sent": count(outbound, outbound.c.event_id == event_id),
        "texts_delivered": count(
            outbound, outbound.c.event_id == event_id, outbound.c.status == "delivered"
        ),
        "matches": count(Match.__table__, Match.event_id == event_id),
    }


def _erase(session: orm.Session, event_id: int) -> None:
    # Everything of the event goes first (so no text of it is left to redact), then each
    # person as DELETE erases them: the same function, the same rows.
    session.execute(delete(inbound).where(inbound.c.event_id == event_id))
    session.execute(delete(outbound).where(outbound.c.event_id == event_id))
    matches = select(Match.id).where(Match.event_id == event_id)
    session.execute(delete(MatchOffer.__table__).where(MatchOffer.match_id.in_(matches)))
    session.execute(delete(Match.__table__).where(Match.event_id == event_id))
    people = session.scalars(select(attendee.c.id).where(attendee.c.event_id == event_id))
    erasure.erase_people(session, people.all())


def erase_stray_texts(session: orm.Session, before: datetime) -> int:
    """Erase texts that belong to no event (STOP, texts while none was open) received
    before a time, from numbers signed up at no event still holding personal data."""
    kept = (
        select(attendee.c.phone)
        .join(Event.__table__, Event.id == attendee.c.event_id)
        .where(Event.purged_at.is_(None), attendee.c.phone.is_not(None))  # NOT IN a NULL: never
    )
    result = session.execute(
        delete(inbound).where(
            inbound.c.event_id.is_(None),
            inbound.c.received_at < before,
            inbound.c.from_number.not_in(kept),
        )
    )
    return result.rowcount
