from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from models import Attendee, Event, OptOut, Round, Seat, Session
from workers.events import wall
from workers.events.editing import create_event

NOW = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
ROOM = [{"label": "Window", "capacity": 3}, {"label": "Bar", "capacity": 3}]


@pytest.fixture
def folk(app):
    """Folk Night with two labelled tables and six people signed up (one left, one
    opted out), none seated yet."""
    with Session() as session:
        event = create_event(session, "Folk Night", "FOLK")
        event.tables = ROOM
        session.flush()
        names = ["Dr. Ana Lima", "raj", "Zoë", "Lee", "Mia", "Tom"]
        for i, name in enumerate(names):
            session.add(Attendee(event_id=event.id, phone=f"+1416555000{i}", name=name,
                                 status="left" if name == "Lee" else "complete"))  # fmt: skip
        session.add(OptOut(phone="+14165550004"))  # Mia
        session.commit()
        return event.id


def seat_round(event_id, started, status="sent", minutes=None):
    """Round 1 of the event, started at `started`: Window gets the first three, Bar the rest."""
    with Session() as session:
        event = session.get(Event, event_id)
        event.round_minutes = minutes
        rnd = Round(event_id=event_id, number=1, status=status, tables=ROOM, created_at=started)
        session.add(rnd)
        session.flush()
        people = session.scalars(
            select(Attendee.id).where(Attendee.event_id == event_id).order_by(Attendee.id)
        )
        seats = [{"round_id": rnd.id, "attendee_id": a, "table": 1 if i < 3 else 2}
                 for i, a in enumerate(people)]  # fmt: skip
        session.execute(insert(Seat), seats)
        session.commit()


def shown(event_id, now=NOW, number="+15550100199"):
    with Session() as session:
        return wall.wall(session, session.get(Event, event_id), number, now)


def test_before_a_round_the_wall_shows_how_to_sign_up(folk):
    screen = shown(folk)
    assert (screen.name, screen.code, screen.number_shown) == (
        "Folk Night",
        "FOLK",
        "+1 555-010-0199",
    )
    assert (screen.round, screen.tables, screen.finished) == (None, [], None)


def test_a_round_being_planned_is_not_shown_yet(folk):
    seat_round(folk, NOW, status="planning")
    assert shown(folk).round is None


def test_during_a_round_the_wall_shows_tables_by_label_with_first_names(folk):
    seat_round(folk, NOW - timedelta(minutes=3), minutes=10)
    screen = shown(folk)
    assert (screen.round, screen.rounds, screen.minutes_left) == (1, 3, 7)
    # Who left (Lee) or opted out (Mia) is not shown; names as tablemates read them.
    assert [(t.label, t.names) for t in screen.tables] == [
        ("Window", ["Ana", "Raj", "Zoe"]),
        ("Bar", ["Tom"]),
    ]


def test_without_a_round_length_there_is_no_clock(folk):
    seat_round(folk, NOW - timedelta(hours=2))
    screen = shown(folk)
    assert (screen.round, screen.minutes_left) == (1, None)


def test_when_the_round_clock_runs_out_the_wall_says_so_and_shows_the_sign_up(folk):
    seat_round(folk, NOW - timedelta(minutes=10), minutes=10)
    screen = shown(folk)
    assert (screen.round, screen.finished, screen.tables) == (None, 1, [])


def test_a_token_opens_its_own_event_until_revoked_replaced_or_archived(folk):
    with Session() as session:
        event = session.get(Event, folk)
        first = wall.new_token(event)
        session.commit()
        assert len(first) >= 43 and wall.event_by_token(session, first).id == folk
        second = wall.new_token(event)
        session.commit()
        assert wall.event_by_token(session, first) is None
        assert wall.event_by_token(session, second).id == folk
        assert wall.event_by_token(session, "") is None
        event.archived_at = NOW
        session.commit()
        assert wall.event_by_token(session, second) is None
        event.archived_at = None
        wall.revoke(event)
        session.commit()
        assert event.wall_token is None and wall.event_by_token(session, second) is None


@pytest.mark.parametrize(
    ("number", "code", "uri"),
    [
        ("+15550100199", "FOLK", "sms:+15550100199?body=FOLK"),
        ("+442071234567", "JAZZ&BLUES", "sms:+442071234567?body=JAZZ%26BLUES"),
    ],
)
def test_the_sms_link_is_rfc_5724s_form(number, code, uri):
    assert wall.sms_uri(number, code) == uri


@pytest.mark.parametrize(
    ("tables", "seats", "columns", "rows"),
    [(0, 0, 1, 1), (1, 5, 1, 1), (4, 5, 4, 1), (8, 5, 4, 2), (12, 5, 6, 2), (40, 5, 8, 5)],
)
def test_the_tables_fill_a_wide_screen(tables, seats, columns, rows):
    grid = wall.grid(tables, seats)
    assert (grid.columns, grid.rows) == (columns, rows)
    assert grid.columns * grid.rows >= tables


def test_a_long_table_is_sized_as_twelve():
    assert wall.grid(2, 30).seats == wall.MAX_SEATS_SIZED
