"""Archiving and deleting events, each written to the event's log.

Archived: hidden from the host's list, otherwise unchanged (its texts work as before, its
data is kept until retention erases it: workers.retention.expiry counts an archived event
as finished). Deleted: its personal data erased at once by the retention purge, and
archived. The row stays, as after retention, with anonymous counts, so the log's line
saying who deleted it stays too, and its code is not reused by a new event.
"""

from datetime import datetime

from sqlalchemy import func, orm, select

from models import Attendee, Event, utcnow
from workers.events import event_log
from workers.retention import purge

# The log's "who" for changes made from the command line, which has no signed-in host.
COMMAND_LINE = "command line"


def archive(session: orm.Session, event: Event, by: str, now: datetime | None = None) -> bool:
    """Hide the event from the list; False when it was archived already (kept as it was)."""
    if event.archived_at is not None:
        return False
    event.archived_at = now or utcnow()
    event_log.record(session, event.id, by, "archive")
    return True


def unarchive(session: orm.Session, event: Event, by: str) -> bool:
    """Put the event back in the list; False when it was not archived."""
    if event.archived_at is None:
        return False
    event.archived_at = None
    event_log.record(session, event.id, by, "unarchive")
    return True


def people(session: orm.Session, event: Event) -> int:
    """How many people's data deleting the event erases."""
    query = select(func.count(Attendee.id)).where(Attendee.event_id == event.id)
    return session.scalar(query) or 0


def persons(n: int) -> str:
    """'1 person', '3 people'."""
    return f"{n} person" if n == 1 else f"{n} people"


def delete(session: orm.Session, event: Event, by: str, now: datetime | None = None) -> int:
    """Erase the event's personal data now and archive it; return how many people's."""
    erased = people(session, event)
    now = now or utcnow()
    purge.purge(session, event.id, now)
    if event.archived_at is None:
        event.archived_at = now
    event_log.record(session, event.id, by, "delete", f"personal data of {persons(erased)} erased")
    return erased
