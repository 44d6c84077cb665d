"""The retention job: erase the personal data of events whose retention has passed.

An event's retention counts from its last activity: the latest of its creation, its last
round, its match-ups (sent, or scheduled) and the last change to a sign-up. A sign-up
changes only while the event is open (a closed event answers no texts), so an event still
taking sign-ups or running rounds is never erased under the host, and a finished one is
erased `retention_days` after its last round or its match-ups, whichever came later.

The worker's sweeper thread calls `purge_due` about once an hour. Running it twice, or in
two workers at once, is harmless: each purge locks its event and checks again.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import Session as SessionType

from models import Attendee, Event, MatchRun, Round, Session, as_utc, utcnow
from service import purge

log = logging.getLogger(__name__)
CHECK_SECONDS = 3600.0
FIRST_CHECK_SECONDS = 60.0  # after the worker starts
# Texts that belong to no event (STOP, START, texts while none was open) are kept this long.
STRAY_TEXT_DAYS = 30


def _latest(column: ColumnElement[datetime], event_id: ColumnElement[int]) -> ScalarSelect:
    """The latest time in column among the rows of the event (a correlated subquery)."""
    return select(func.max(column)).where(event_id == Event.id).scalar_subquery()


ACTIVITY = (
    _latest(Round.created_at, Round.event_id),
    _latest(Attendee.updated_at, Attendee.event_id),
    _latest(MatchRun.send_at, MatchRun.event_id),
    _latest(MatchRun.sent_at, MatchRun.event_id),
)


def due(session: SessionType, now: datetime, event_id: int | None = None) -> list[int]:
    """The ids of events not yet purged whose retention has passed at `now` (of one event
    only, when given)."""
    query = select(Event.id, Event.retention_days, Event.created_at, *ACTIVITY).where(
        Event.purged_at.is_(None)
    )
    if event_id is not None:
        query = query.where(Event.id == event_id)
    rows = session.execute(query).all()
    return [
        found
        for found, days, *times in rows
        if max(as_utc(t) for t in times if t is not None) + timedelta(days=days) <= now
    ]


def purge_due(now: datetime | None = None) -> list[int]:
    """Purge every event whose retention has passed and old stray texts; return the ids."""
    now = now or utcnow()
    with Session() as session:
        candidates = due(session, now)
    purged = []
    for event_id in candidates:
        with Session() as session:
            # Checked again under the event's lock: a host may have started a round since.
            session.scalar(select(Event.id).where(Event.id == event_id).with_for_update())
            if due(session, now, event_id):
                purge.purge(session, event_id, now)
                purged.append(event_id)
            session.commit()
    with Session() as session:
        stray = purge.erase_stray_texts(session, now - timedelta(days=STRAY_TEXT_DAYS))
        session.commit()
    if purged or stray:
        log.info("retention: purged event(s) %s, erased %d stray text(s)", purged, stray)
    return purged
