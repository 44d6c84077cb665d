"""What a host changes about people, at the domain level."""

import pytest

from models import Attendee, OptOut, Session
from workers.events.editing import create_event
from workers.people import host_changes
from workers.rounds import seating


def test_a_walk_in_is_present_even_when_someone_opted_out(app):
    # NULL NOT IN (...) is not true in SQL: a walk-in must not be lost that way.
    with Session() as session:
        event = create_event(session, "Folk", "FOLK")
        session.flush()
        session.add(Attendee(event_id=event.id, phone="+14165550001", name="Ana",
                             status="complete", step="done"))  # fmt: skip
        session.add(OptOut(phone="+14165550001"))
        _, seated = host_changes.add_walk_in(session, event, "Gus", "host@example.org")
        session.commit()
        assert seated is None  # no round running: seated from the next one
        assert [p.name for p in seating.present(session, event.id)] == ["Gus"]


def test_a_person_of_another_event_cannot_be_changed(app):
    with Session() as session:
        folk = create_event(session, "Folk", "FOLK")
        jazz = create_event(session, "Jazz", "JAZZ")
        session.flush()
        jo = Attendee(event_id=jazz.id, phone="+14165550002", name="Jo", status="complete")
        session.add(jo)
        session.flush()
        with pytest.raises(host_changes.ChangeError):
            host_changes.mark_left(session, folk, jo.id, "host@example.org")
        with pytest.raises(host_changes.ChangeError, match="longer than 60"):
            host_changes.add_walk_in(session, folk, "x" * 61, "host@example.org")


def test_nobody_is_added_to_an_event_whose_data_was_erased(app):
    from models import utcnow

    with Session() as session:
        event = create_event(session, "Folk", "FOLK")
        event.purged_at = utcnow()
        session.flush()
        with pytest.raises(host_changes.ChangeError, match="erased"):
            host_changes.add_walk_in(session, event, "Gus", "host@example.org")


def test_a_walk_in_added_while_a_round_is_being_planned_is_told_so(app):
    from models import Round

    with Session() as session:
        event = create_event(session, "Folk", "FOLK")
        session.flush()
        session.add(Round(event_id=event.id, number=1, status="planning"))
        _, seated = host_changes.add_walk_in(session, event, "Gus", "host@example.org")
        assert seated is not None and seated.being_seated == 1 and seated.label is None
