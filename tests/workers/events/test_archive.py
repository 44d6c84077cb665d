"""Archiving and deleting events: the list hides them, the log says who, delete erases."""

from datetime import timedelta

from sqlalchemy import select

from models import Attendee, Event, EventLog, Session, as_utc, utcnow
from tests.helpers import open_folk, sign_up
from workers.events import archive
from workers.retention import purge

HOST = "ana@example.org"


def log(event_id):
    with Session() as session:
        query = select(EventLog.host_email, EventLog.action, EventLog.detail).where(
            EventLog.event_id == event_id
        )
        return session.execute(query.order_by(EventLog.id)).all()


def test_archive_and_unarchive_are_logged_once_each(app):
    folk = open_folk()
    first = utcnow() - timedelta(days=3)
    with Session() as session:
        event = session.get_one(Event, folk.id)
        assert archive.archive(session, event, HOST, first) is True
        assert archive.archive(session, event, "bo@example.org") is False  # keeps its date
        session.commit()
        assert as_utc(event.archived_at) == first
        assert event.is_open and event.purged_at is None  # nothing else changes
        assert archive.unarchive(session, event, HOST) is True
        assert archive.unarchive(session, event, HOST) is False
        session.commit()
        assert event.archived_at is None
    assert log(folk.id) == [(HOST, "archive", ""), (HOST, "unarchive", "")]


def test_delete_erases_with_the_retention_purge_and_archives(client):
    folk = open_folk()
    sign_up(client, 3)
    with Session() as session:
        expected = purge.counts(session, folk.id)
        event = session.get_one(Event, folk.id)
        assert archive.people(session, event) == 3
        assert archive.delete(session, event, HOST) == 3
        session.commit()
    with Session() as session:
        event = session.get_one(Event, folk.id)
        assert session.scalars(select(Attendee.id)).all() == []
        assert (event.summary, event.is_open) == (expected, False)
        assert event.purged_at is not None and event.archived_at == event.purged_at
    assert log(folk.id) == [(HOST, "delete", "personal data of 3 people erased")]
