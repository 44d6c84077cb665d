"""The host's physical tables: capacities respected, labels texted, exported and printed."""

import csv
import io
from collections import Counter

from sqlalchemy import select

from models import Attendee, OutboundMessage, Round, Seat, Session
from tests.helpers import Phone, number, round_texts, sign_up, start_round, tables_of
from workers.events import event_status, exports
from workers.events.editing import create_event
from workers.rounds import seating

ROOM = [{"label": "Window 3", "capacity": 4}, {"label": "Bar", "capacity": 4},
        {"label": "Garden", "capacity": 6}]  # fmt: skip


def make_event(session, tables, people, table_size=4, code="FOLK"):
    event = create_event(session, "Folk", code, table_size=table_size, org_question=False)
    event.tables = tables
    session.flush()
    session.add_all(
        Attendee(event_id=event.id, phone=number(i), name=f"P{i}", status="complete")
        for i in range(people)
    )
    session.commit()
    return event


def run_round(event_id, round_number=1):
    """Plan a round as the worker's job does (texts wait in the outbox)."""
    with Session() as session:
        rnd = Round(event_id=event_id, number=round_number)
        session.add(rnd)
        session.commit()
        round_id = rnd.id
    seating.plan(round_id)
    return round_id


def seats_and_texts(round_id):
    with Session() as session:
        seats = {s.attendee_id: s.table for s in session.scalars(select(Seat))
                 if s.round_id == round_id}  # fmt: skip
        texts = {
            m.attendee_id: m
            for m in session.scalars(
                select(OutboundMessage).where(OutboundMessage.round_id == round_id)
            )
        }
    return seats, texts


def arrive_late(event_id):
    """Someone finishes sign-up during the round: their seat and their text."""
    with Session() as session:
        late = Attendee(event_id=event_id, phone=number(50), name="Zoe", status="complete")
        session.add(late)
        session.flush()
        message_id = seating.seat_late(session, event_id, late.id)
        session.commit()
        seat = session.scalars(select(Seat).where(Seat.attendee_id == late.id)).one()
        return seat, session.get_one(OutboundMessage, message_id)


def test_people_sit_at_the_hosts_tables_within_capacity_and_are_told_the_label(app, redis):
    with Session() as session:
        event = make_event(session, ROOM, people=8)
    round_id = run_round(event.id)
    seats, texts = seats_and_texts(round_id)
    sizes = Counter(seats.values())
    assert sum(sizes.values()) == 8 and None not in sizes
    # Tables of about the host's size (4): two tables are enough, the third stays empty.
    assert len(sizes) == 2
    for table, size in sizes.items():
        assert 1 <= table <= 3 and size <= ROOM[table - 1]["capacity"]
    for attendee_id, table in seats.items():
        label = ROOM[table - 1]["label"]
        assert f"go to TABLE {label}. " in texts[attendee_id].body
        assert texts[attendee_id].kind == "round"


def test_exports_and_table_cards_give_the_hosts_labels(app, redis):
    with Session() as session:
        event = make_event(session, ROOM, people=8)
    round_id = run_round(event.id)
    seats, _ = seats_and_texts(round_id)
    with Session() as session:
        rows = exports.table_rows(session, session.merge(event))
        cards = event_status.table_cards(session, round_id)
    labels = {ROOM[t - 1]["label"] for t in seats.values()}
    assert {row["table"] for row in rows} == labels
    assert sorted(len(row["attendee_ids"]) for row in rows) == [4, 4]
    with Session() as session:
        named = dict(session.execute(select(Attendee.id, Attendee.name)).all())
    for row in rows:  # names in the ids' order, for printed cards
        assert row["names"] == [named[attendee_id] for attendee_id in row["attendee_ids"]]
    csv_rows = list(csv.DictReader(io.StringIO(exports.render(rows, "csv"))))
    assert csv_rows[0]["names"] == ", ".join(rows[0]["names"])
    assert csv_rows[0]["attendee_ids"] == " ".join(map(str, rows[0]["attendee_ids"]))
    assert {label for label, _ in cards} == labels
    assert sorted(name for _, names in cards for name in names) == sorted(f"P{i}" for i in range(8))


def test_renaming_tables_later_keeps_what_a_past_round_was_told_and_seats_late_arrivals_by_it(
    app, redis
):
    with Session() as session:
        event = make_event(session, ROOM, people=8)
    round_id = run_round(event.id)
    seats, texts = seats_and_texts(round_id)
    with Session() as session:
        merged = session.merge(event)
        merged.tables = [
            {"label": f"New {t['label']}", "capacity": t["capacity"]} for t in ROOM[::-1]
        ]
        session.commit()
        rows = exports.table_rows(session, merged)
        cards = event_status.table_cards(session, round_id)
    told = {texts[a].body.split("go to TABLE ")[1].split(". ")[0] for a in seats}
    assert {row["table"] for row in rows} == told == {label for label, _ in cards}
    assert not any(label.startswith("New ") for label in told)
    # Someone arriving late is seated by the tables this round was planned with, too.
    seat, message = arrive_late(event.id)
    assert f"go to TABLE {ROOM[seat.table - 1]['label']}. " in message.body
    seats, _ = seats_and_texts(round_id)
    assert Counter(seats.values())[seat.table] <= ROOM[seat.table - 1]["capacity"]


def test_without_labels_tables_are_numbered_as_before(app, redis):
    with Session() as session:
        event = make_event(session, None, people=8)
    round_id = run_round(event.id)
    with Session() as session:
        rows = exports.table_rows(session, session.merge(event))
        cards = event_status.table_cards(session, round_id)
    assert [row["table"] for row in rows] == ["1", "2"]
    assert [label for label, _ in cards] == ["1", "2"]


def test_more_people_than_seats_sit_out_kindly_and_the_host_is_told(app, redis):
    room = [{"label": "A", "capacity": 3}, {"label": "B", "capacity": 3}]
    with Session() as session:
        event = make_event(session, room, people=8, table_size=3)
        _, preview_plan = seating.plan_tables(session, session.merge(event), 1)
        preview = event_status.preview(session, session.merge(event))
    reason = "8 people are here but the tables seat 6, so 2 sit out this round"
    assert reason in preview_plan.infeasible_reason
    assert reason in preview.reason and len(preview.sitting_out) == 2
    round_id = run_round(event.id)
    seats, texts = seats_and_texts(round_id)
    assert Counter(seats.values()) == {1: 3, 2: 3, None: 2}
    out = [a for a, table in seats.items() if table is None]
    assert all(texts[a].kind == "sit_out" and "every table is full" in texts[a].body for a in out)
    with Session() as session:
        assert reason in session.get(Round, round_id).note
        carded = [n for _, names in event_status.table_cards(session, round_id) for n in names]
        seated = [a.name for a in session.scalars(select(Attendee)) if a.id not in out]
    assert sorted(carded) == sorted(seated)
    # Next round, those who sat out are seated first.
    with Session() as session:
        session.get(Round, round_id).status = "done"
        session.commit()
    seats_2, _ = seats_and_texts(run_round(event.id, 2))
    assert all(seats_2[a] is not None for a in out)


def test_a_late_arrival_takes_an_empty_physical_table_and_hears_its_label(app, redis):
    room = [{"label": "A", "capacity": 3}, {"label": "B", "capacity": 3},
            {"label": "Terrace", "capacity": 3}]  # fmt: skip
    with Session() as session:
        event = make_event(session, room, people=6, table_size=3)
    round_id = run_round(event.id)
    seats, _ = seats_and_texts(round_id)
    empty = ({1, 2, 3} - set(seats.values())).pop()
    seat, message = arrive_late(event.id)
    assert seat.table == empty
    assert f"go to TABLE {room[empty - 1]['label']}." in message.body


def test_a_late_arrival_sits_out_when_every_physical_table_is_full(app, redis):
    room = [{"label": "A", "capacity": 3}, {"label": "B", "capacity": 3}]
    with Session() as session:
        event = make_event(session, room, people=6, table_size=3)
    run_round(event.id)
    seat, message = arrive_late(event.id)
    assert (
        seat.table is None and message.kind == "sit_out" and "every table is full" in message.body
    )


def test_end_to_end_labels_reach_the_phones(live_app, folk, emulator, start_worker):
    with Session() as session:
        session.merge(folk).tables = ROOM
        session.commit()
    client = live_app.test_client()
    sign_up(client, 9)
    start_worker()
    start_round(live_app)
    assert sum(round_texts(emulator).values()) == 9
    labels = {t["label"] for t in ROOM}
    for message in emulator.accepted:
        table = message["body"].split("go to TABLE ")[1].split(". ")[0]
        assert table in labels
    assert {row["table"] for row in tables_of(live_app)} <= labels
    assert "TABLE " in Phone(client, number(0)).text("TABLE")
