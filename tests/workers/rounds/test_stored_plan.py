"""Send seats the plan the host's preview showed, adjusted only for who arrived or left."""

import threading
from collections import defaultdict

import pytest
from sqlalchemy import func, select, update

from models import Attendee, Event, OptOut, OutboundMessage, Round, Seat, Session
from tests.helpers import number
from workers.events import event_status
from workers.events.editing import create_event
from workers.rounds import seating, starting, stored_plan
from workers.runtime.queues import connect, queue
from workers.texts.cost import US_PRICE_PER_SEGMENT, estimate

ROOM = [{"label": "Window", "capacity": 5}, {"label": "Bar", "capacity": 5},
        {"label": "Garden", "capacity": 5}]  # fmt: skip


def make_event(people, tables=None, names=None):
    """Commit Folk (tables of 4, three rounds) with `people` who finished sign-up."""
    with Session() as session:
        event = create_event(session, "Folk", "FOLK", table_size=4, org_question=False)
        event.tables = tables
        session.flush()
        for i in range(people):
            add_person(session, event.id, i, names[i] if names else f"P{i}")
        session.commit()
        return event.id


def add_person(session, event_id, i, name):
    person = Attendee(event_id=event_id, phone=number(i), name=name, status="complete")
    session.add(person)
    session.flush()
    return person


def preview(event_id):
    """The host opens the preview (which stores its plan)."""
    with Session() as session:
        shown = event_status.preview(session, session.get_one(Event, event_id))
        session.commit()
    return shown


def send(event_id, redis_url, plan, round_number=1):
    """Press Send, then run the round's job as a worker would; return the round's id."""
    rnd = starting.start_round(event_id, redis_url, round_number, plan)
    connection = connect(redis_url)
    [job] = [j for j in queue(connection).jobs if j.func_name.endswith("seating.plan")]
    job.perform()
    job.delete()
    connection.close()
    return rnd.id


def tables_by_label(round_id):
    """{table label: sorted first names} as seated."""
    with Session() as session:
        rnd = session.get_one(Round, round_id)
        rows = session.execute(
            select(Seat.table, Attendee.name)
            .join(Attendee, Attendee.id == Seat.attendee_id)
            .where(Seat.round_id == round_id, Seat.table.is_not(None))
        )
        tables = defaultdict(list)
        for table, name in rows:
            tables[seating.table_label(rnd, table)].append(name)
    return {label: sorted(names) for label, names in tables.items()}


def stored(event_id):
    with Session() as session:
        return session.get_one(Event, event_id).next_plan


def round_note(round_id):
    with Session() as session:
        return session.get_one(Round, round_id).note


@pytest.mark.parametrize("tables", [None, ROOM], ids=["numbered", "the host's tables"])
def test_send_seats_the_preview_table_for_table(app, redis, redis_url, tables):
    event_id = make_event(12, tables)
    shown = preview(event_id)
    round_id = send(event_id, redis_url, shown.plan)
    assert tables_by_label(round_id) == {label: sorted(names) for label, names in shown.tables}
    assert stored(event_id) is None  # used once, then gone
    assert round_note(round_id) is None  # nobody came or went


def test_the_stored_plan_is_seated_as_it_is_not_planned_again(app, redis, redis_url):
    event_id = make_event(8)
    shown = preview(event_id)
    with Session() as session:  # a plan the engine would not make: in sign-up order
        event = session.get_one(Event, event_id)
        ids = sorted(event.next_plan["present"])
        event.next_plan = stored_plan.make(None, 1, [ids[:4], ids[4:]], ids, None)
        session.commit()
        digest = event.next_plan["digest"]
    assert digest != shown.plan
    round_id = send(event_id, redis_url, digest)
    assert sorted(tables_by_label(round_id).values()) == [
        ["P0", "P1", "P2", "P3"],
        ["P4", "P5", "P6", "P7"],
    ]


def test_who_arrived_or_left_since_the_preview_is_seated_or_removed_and_reported(
    app, redis, redis_url
):
    event_id = make_event(12, ROOM)
    shown = preview(event_id)
    planned = {label: sorted(names) for label, names in shown.tables}
    with Session() as session:
        people = {a.name: a for a in session.scalars(select(Attendee))}
        people["P3"].status = "left"
        session.add(OptOut(phone=people["P5"].phone))
        ana = add_person(session, event_id, 20, "Ana")
        raj = add_person(session, event_id, 21, "Raj")
        session.commit()
        new_ids = {ana.id, raj.id}
    round_id = send(event_id, redis_url, shown.plan)
    seated = tables_by_label(round_id)
    where = {name: label for label, names in seated.items() for name in names}
    # Everyone else sits exactly where the preview put them.
    for label, names in planned.items():
        kept = [n for n in names if n not in ("P3", "P5")]
        assert [n for n in seated[label] if n not in ("Ana", "Raj")] == kept
    assert "P3" not in where and "P5" not in where
    assert all(len(names) <= 5 for names in seated.values())  # the room's capacity
    note = round_note(round_id)
    assert note.startswith(
        f"2 arrived since the preview: Ana at {where['Ana']}, Raj at {where['Raj']}; "
        "2 left since the preview: P3, P5."
    )
    with Session() as session:  # the arrivals get their table's text, the leavers nothing
        texted = set(session.scalars(select(OutboundMessage.attendee_id)))
    assert new_ids <= texted and len(texted) == 12


def test_an_arrival_meets_nobody_again_where_a_table_allows(app, redis, redis_url):
    event_id = make_event(8)
    first = send(event_id, redis_url, preview(event_id).plan)
    with Session() as session:  # round 1's texts reached Twilio
        session.execute(update(OutboundMessage).values(status="sent"))
        session.commit()
    shown = preview(event_id)
    with Session() as session:
        late = add_person(session, event_id, 30, "Kai")
        session.commit()
        kai = late.id
    send(event_id, redis_url, shown.plan, round_number=2)
    with Session() as session:
        by_round = defaultdict(dict)
        for seat in session.scalars(select(Seat)):
            by_round[seat.round_id][seat.attendee_id] = seat.table
    second = next(r for r in by_round if r != first)
    mates = {a for a, t in by_round[second].items() if t == by_round[second][kai] and a != kai}
    assert len(mates) == 4  # a table of 4 had room for a fifth; Kai met nobody before


def test_a_plan_replaced_since_the_page_was_shown_is_not_sent(app, redis, redis_url):
    event_id = make_event(8)
    seen = preview(event_id)
    assert preview(event_id).plan == seen.plan  # a reload does not make the page stale
    with Session() as session:
        add_person(session, event_id, 40, "Mia")
        session.commit()
    replaced = preview(event_id)  # another host previews after Mia arrived
    assert replaced.plan != seen.plan
    with pytest.raises(starting.PlanReplaced, match="the plan changed since you saw it"):
        starting.start_round(event_id, redis_url, 1, seen.plan)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0
    round_id = send(event_id, redis_url, replaced.plan)
    assert tables_by_label(round_id) == {label: sorted(n) for label, n in replaced.tables}


def test_a_second_send_of_the_same_plan_starts_nothing(app, redis, redis_url):
    event_id = make_event(8)
    shown = preview(event_id)
    send(event_id, redis_url, shown.plan)
    with pytest.raises(starting.RoundError, match="round 1 was already started"):
        starting.start_round(event_id, redis_url, 1, shown.plan)


def test_two_sends_of_one_plan_at_once_start_one_round(app, redis, redis_url):
    event_id = make_event(8)
    shown = preview(event_id)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def press_send() -> None:
        barrier.wait()
        try:
            starting.start_round(event_id, redis_url, 1, shown.plan)
            outcomes.append("started")
        except starting.RoundError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=press_send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("started") == 1 and "PlanReplaced" not in outcomes, outcomes
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1
    assert len(queue(redis).jobs) == 1  # one seating job: one text each


def test_without_a_stored_plan_the_round_is_planned_at_start(app, redis, redis_url):
    event_id = make_event(12)
    preview(event_id)  # an old preview, then the CLI's round start, which names no plan
    with Session() as session:
        event = session.get_one(Event, event_id)
        _, plan = seating.plan_tables(session, event, 1)
        names = {a.id: a.name for a in session.scalars(select(Attendee))}
    round_id = send(event_id, redis_url, None)
    expected = {str(t): sorted(names[int(i)] for i in ids) for t, ids in enumerate(plan.tables, 1)}
    assert tables_by_label(round_id) == expected
    assert stored(event_id) is None  # a stored plan for a started round is stale


def test_tables_changed_since_the_preview_are_planned_again_and_the_host_is_told(
    app, redis, redis_url
):
    event_id = make_event(10, ROOM)
    shown = preview(event_id)
    with Session() as session:
        session.get_one(Event, event_id).tables = [{"label": "Hall", "capacity": 10}]
        session.commit()
    round_id = send(event_id, redis_url, shown.plan)
    assert list(tables_by_label(round_id)) == ["Hall"]
    assert round_note(round_id).startswith("The room's tables changed since the preview")


@pytest.mark.parametrize("window", ["Window", "Fenêtre"], ids=["GSM-7", "UCS-2"])
def test_the_preview_counts_the_texts_send_sends(app, redis, redis_url, window):
    room = [{"label": window, "capacity": 3}, {"label": "Bar", "capacity": 3}]
    event_id = make_event(4, room, names=["Ana", "Raj", "Lee", "Mia"])
    with Session() as session:  # a walk-in without a phone is seated, never texted
        session.add(Attendee(event_id=event_id, phone=None, name="Eva", status="complete"))
        session.commit()
    shown = preview(event_id)
    round_id = send(event_id, redis_url, shown.plan)
    with Session() as session:
        bodies = list(
            session.scalars(
                select(OutboundMessage.body).where(OutboundMessage.round_id == round_id)
            )
        )
    assert shown.cost == estimate(bodies)  # the very texts, at the default price
    assert shown.cost.texts == 4
    texted_at_window = [n for label, names in shown.tables if label == window for n in names]
    texted_at_window = [n for n in texted_at_window if n != "Eva"]
    # ê is not in GSM-7: those texts go as UCS-2, 70 characters a segment, so two each.
    expected = len(texted_at_window) if window == "Fenêtre" else 0
    assert shown.cost.unicode_texts == expected
    assert shown.cost.segments == 4 + expected
    assert shown.cost.cost == round((4 + expected) * US_PRICE_PER_SEGMENT, 4)


def describe(arrived, left, left_count):
    return stored_plan.Adjustment(arrived, left, left_count).describe()


def test_the_hosts_note_names_who_moved_in_one_line():
    assert describe([], [], 0) is None
    assert describe([("Ana", "Window"), ("Raj", "7")], [], 0) == (
        "2 arrived since the preview: Ana at Window, Raj at table 7."
    )
    assert describe([("Kai", None)], [], 0) == (
        "1 arrived since the preview: Kai sits out (no table has room)."
    )
    many = [f"P{i}" for i in range(7)]
    assert describe([], many, 8) == (
        "8 left since the preview: P0, P1, P2, P3, P4 and 3 more."  # one erased, unnamed
    )
    assert describe([], [], 1) == "1 left since the preview."


def test_the_same_plan_made_twice_has_the_same_digest_and_is_kept():
    first = stored_plan.make(None, 1, [[1, 2], [3, 4]], [4, 3, 2, 1], None)
    again = stored_plan.make(None, 1, [[1, 2], [3, 4]], [1, 2, 3, 4], None)
    other = stored_plan.make(None, 1, [[1, 3], [2, 4]], [1, 2, 3, 4], None)
    assert first["digest"] == again["digest"] != other["digest"]
    assert stored_plan.keep(first, again) is first
    assert stored_plan.keep(first, other) is other
    assert stored_plan.keep(None, other) is other
