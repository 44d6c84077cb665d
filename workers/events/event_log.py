"""The event's log of what its hosts changed: who, when, what (renames, people marked left
or back, walk-ins, archiving). Lines about a person name them by id, so erasing the person
erases their lines (workers.retention.erasure)."""

from sqlalchemy import orm, select

from models import EventLog


def record(
    session: orm.Session,
    event_id: int,
    host_email: str,
    action: str,
    detail: str = "",
    attendee_id: int | None = None,
) -> EventLog:
    """Add one line to the event's log (committed with the change it describes)."""
    line = EventLog(
        event_id=event_id,
        host_email=host_email,
        action=action,
        detail=detail,
        attendee_id=attendee_id,
    )
    session.add(line)
    return line


def lines(session: orm.Session, event_id: int, limit: int = 50) -> list[EventLog]:
    """The event's latest log lines, newest first."""
    query = (
        select(EventLog)
        .where(EventLog.event_id == event_id)
        .order_by(EventLog.created_at.desc(), EventLog.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
