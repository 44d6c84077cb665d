"""The retention job: erase the personal data of events whose retention has passed.

An event's retention counts from its last activity: the latest of its creation, the last
sign-up that began, its last round and its match-ups (sent, or scheduled). Texts to an
existing sign-up (TABLE, HELP, ...) do not count, so nobody keeps an event's data alive
by texting it. An open event that has not started a round is waiting for its night and
is never due, however far ahead it was created; once closed, archived, or once it has held
a round, it is erased `retention_days` after its last activity (archiving is not activity:
the host put the event away, so nothing keeps it alive).

The worker's sweeper thread calls `purge_due` about once an hour. Running it twice, or in
two workers at once, is harmless: each purge locks its event and checks again.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, func, orm, select

from models import Attendee, Event, MatchRun, Round, Session, as_utc, utcnow
from workers.retention import purge

log = logging.getLogger(__name__)
CHECK_SECONDS = 3600.0
FIRST_CHECK_SECONDS = 60.0  # after the worker starts
# Texts that belong to no event (STOP, START, texts while none was open) are kept this long.
STRAY_TEXT_DAYS = 30


def _latest(column: ColumnElement[datetime], event_id: ColumnElement[int]) -> ScalarSelect:
    """The latest time in column among the rows of the event (a correlated subquery)."""
    return select(func.max(column)).where(event_id == Event.id).scalar_subquery()


LAST_ROUND = _latest(Round.created_at, Round.event_id)
ACTIVITY = (
    _latest(Attendee.created_at, Attendee.event_id),
    _latest(MatchRun.send_at, MatchRun.event_id),
    _latest(MatchRun.sent_at, MatchRun.event_id),
)


def due(session: orm.Session, now: datetime, event_id: int | None = None) -> list[int]:
    """The ids of events not yet purged whose retention has passed at `now` (of one event
    only, when given)."""
    query = select(
        Event.id,
        Event.is_open,
        Event.archived_at,
        Event.retention_days,
        Event.created_at,
        LAST_ROUND,
        *ACTIVITY,
    ).where(Event.purged_at.is_(None))
    if event_id is not None:
        query = query.where(Event.id == event_id)
    return [
        found
        for found, is_open, archived, days, created, last_round, *times in session.execute(query)
        if not (is_open and archived is None and last_round is None)
        and max(as_utc(t) for t in (created, last_round, *times) if t is not None)
        + timedelta(days=days)
        <= now
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
