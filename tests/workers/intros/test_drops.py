"""Dropping a planned introduction before sending: never introduced, places kept empty
unless the host lets others take them, undone on request, written in the event's log."""

import pytest
from sqlalchemy import select

from models import Attendee, Event, EventLog, Session
from tests.helpers import open_folk, sign_up_for_intros
from workers.intros import drops, introductions

HOST = "host@example.com"


@pytest.fixture
def ana_and_two_teachers(live_app):
    # Person 0 learns sourdough baking; 4 and 10 both teach it (and want salsa: nobody
    # teaches that). One introduction each at most: Ana meets one of the two.
    open_folk(org_question=False, max_intros=1)
    client = live_app.test_client()
    for i in (0, 4, 10):
        sign_up_for_intros(client, i)


def planned_pairs(session):
    event = session.scalar(select(Event))
    return {(p.learner.name, p.teacher.name) for p in introductions.choose(session, event)}


def test_a_dropped_pair_is_not_replaced_until_the_host_asks(ana_and_two_teachers):
    with Session() as session:
        event = session.scalar(select(Event))
        [(learner, teacher)] = [
            (p.learner.id, p.teacher.id) for p in introductions.choose(session, event)
        ]
        drops.drop(session, event, (learner, teacher), HOST, floor=0.5)
        session.commit()
        assert planned_pairs(session) == set()  # Ana's place stays empty
        assert drops.refill(session, event, HOST) == 1
        session.commit()
        [(ana, other)] = planned_pairs(session)
        assert ana == "Ana" and other != session.get(Attendee, teacher).name
        drops.undo(session, event, (learner, teacher), HOST)
        session.commit()
        assert len(planned_pairs(session)) == 1
        log = session.scalars(select(EventLog.action).order_by(EventLog.id)).all()
    assert log == ["intro_dropped", "intro_refill", "intro_restored"]


def test_only_a_planned_pair_can_be_dropped_and_only_a_dropped_one_restored(
    ana_and_two_teachers,
):
    with Session() as session:
        event = session.scalar(select(Event))
        with pytest.raises(drops.DropRefused, match="no longer planned"):
            drops.drop(session, event, (2, 3), HOST, floor=0.5)
        with pytest.raises(drops.DropRefused, match="was not dropped"):
            drops.undo(session, event, (1, 2), HOST)
