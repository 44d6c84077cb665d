"""Seat everyone for a round and write their texts; seat late arrivals into the running round.

`plan` is the RQ job a started round enqueues. `seat_late` runs inside the sign-up
webhook when someone finishes sign-up while a round is running.
"""

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, orm, select

from models import Answer, Attendee, Event, OutboundMessage, Question, Round, Seat, Session
from workers import grouping
from workers.outbox import delivery
from workers.outbox.writer import Kind, Text, add_texts
from workers.rounds import learn_teach, stored_plan
from workers.rounds.talk_about import table_lines
from workers.texts.round_text import TalkAbout, round_text, sit_out_text

# Answers that name no organisation: people giving them are not kept apart for it.
GENERIC_ORGS = frozenset(
    {"", "student", "self employed", "self-employed", "freelance", "freelancer", "retired",
     "none", "n/a", "na", "no", "nothing", "unemployed", "between jobs", "myself", "me", "-"}
)  # fmt: skip


def plan(round_id: int, stored: dict[str, Any] | None = None) -> int:
    """RQ job: seat everyone present for a round and queue their texts; return how many.

    stored: the plan the host's preview showed (`workers.rounds.stored_plan`), seated as it
    is but for who arrived or left since; None: plan the tables now.
    """
    with Session() as session:
        rnd = session.scalar(select(Round).where(Round.id == round_id).with_for_update())
        if rnd is None:
            return 0
        if rnd.status == "planning":
            _plan(session, rnd, stored)
            rnd.status = "sending"
        ids = session.scalars(
            select(OutboundMessage.id).where(
                OutboundMessage.round_id == rnd.id, OutboundMessage.status == "pending"
            )
        ).all()
        session.commit()
    delivery.enqueue(ids)
    return len(ids)


def present(session: orm.Session, event_id: int) -> list[Attendee]:
    """People who can be seated: a first name given, not left, not opted out (walk-ins,
    who have no number, included)."""
    return list(
        session.scalars(
            select(Attendee)
            .where(
                Attendee.event_id == event_id,
                Attendee.name.is_not(None),
                Attendee.status != "left",
                ~Attendee.opted_out,  # a walk-in (no number) never opted out
            )
            .order_by(Attendee.id)
        )
    )


def history(session: orm.Session, event_id: int, before: int) -> list[list[list[str]]]:
    """Earlier rounds' tables, as the engine takes them (round -> table -> ids)."""
    rows = session.execute(
        select(Round.number, Seat.table, Seat.attendee_id)
        .join(Seat, Seat.round_id == Round.id)
        .where(Round.event_id == event_id, Round.number < before, Seat.table.is_not(None))
        .order_by(Round.number, Seat.table)
    )
    rounds: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for number, table, attendee_id in rows:
        rounds[number][table].append(str(attendee_id))
    return [list(tables.values()) for _, tables in sorted(rounds.items())]


def people(
    session: orm.Session, event: Event, attendees: Sequence[Attendee]
) -> list[grouping.Person]:
    """The engine's view of each person: keep-apart keys and attributes to mix."""
    roles = {
        q.id: q.role for q in session.scalars(select(Question).where(Question.event_id == event.id))
    }
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in session.scalars(
        select(Answer).where(Answer.attendee_id.in_([a.id for a in attendees]))
    ):
        answers[answer.attendee_id].append(answer)
    result = []
    for attendee in attendees:
        apart, attributes = set(), {}
        for answer in answers[attendee.id]:
            value = " ".join(answer.value.casefold().split())
            if roles.get(answer.question_id) == "apart" and value not in GENERIC_ORGS:
                apart.add(f"q{answer.question_id}:{value}")
            elif roles.get(answer.question_id) == "spread" and value:
                attributes[f"q{answer.question_id}"] = value
        result.append(grouping.Person(str(attendee.id), frozenset(apart), attributes))
    return result


def capacities(seating: Event | Round) -> list[int] | None:
    """The seats at each physical table, in order (the event's now, or a round's as it was
    planned); None: as many tables as needed."""
    return [int(t["capacity"]) for t in seating.tables] if seating.tables else None


def table_label(seating: Event | Round, table: int) -> str:
    """What people are told for table number `table` (1-based): the host's label, or the number."""
    if seating.tables and 1 <= table <= len(seating.tables):
        return str(seating.tables[table - 1]["label"])
    return str(table)


def plan_tables(
    session: orm.Session, event: Event, number: int, room: learn_teach.RoomScores | None = None
) -> tuple[list[Attendee], grouping.Plan]:
    """Who is present, and the engine's plan for round `number` of the event.

    The seed comes from the event and the round's number, so the host's preview and the
    job that seats people make the same tables unless someone arrived or left in between.
    With physical tables, table i of the plan is the host's table i (it may be empty);
    when more people are present than the tables seat, the plan leaves some out (those
    who sat out before are seated first) and its reason says so.
    """
    attendees = present(session, event.id)
    caps = capacities(event)
    seated, overflow = attendees, None
    if caps is not None and len(attendees) > sum(caps):
        seated = _first_seated(session, event.id, number, attendees, sum(caps))
        overflow = (
            f"{len(attendees)} people are here but the tables seat {sum(caps)}, so "
            f"{len(attendees) - sum(caps)} sit out this round: add tables or seats for everyone."
        )
    plan = grouping.plan_round(
        people(session, event, seated),
        history(session, event.id, number),
        table_size=event.table_size,
        capacities=caps,
        seed=event.id * 1000 + number,
        pairs=_ids((room or learn_teach.room_scores(session, seated)).best_pairs()),
    )
    if overflow is not None:
        reason = " ".join(filter(None, (overflow, plan.infeasible_reason)))
        plan = dataclasses.replace(plan, infeasible_reason=reason)
    return attendees, plan


def _ids(pairs: Sequence[tuple[int, int]]) -> list[tuple[str, str]]:
    """Pairs of attendee ids as the engine names people."""
    return [(str(learner), str(teacher)) for learner, teacher in pairs]


def _first_seated(
    session: orm.Session, event_id: int, number: int, attendees: list[Attendee], seats: int
) -> list[Attendee]:
    """The people who get the seats there are: who sat out before first, then by sign-up."""
    sat_out = set(
        session.scalars(
            select(Seat.attendee_id)
            .join(Round, Round.id == Seat.round_id)
            .where(Round.event_id == event_id, Round.number < number, Seat.table.is_(None))
        )
    )
    chosen = sorted(attendees, key=lambda a: (a.id not in sat_out, a.id))[:seats]
    return sorted(chosen, key=lambda a: a.id)


@dataclasses.dataclass(frozen=True)
class Adjusted:
    """A stored plan brought up to date at start."""

    attendees: list[Attendee]  # everyone present now
    tables: list[list[int]]  # attendee ids; table i is the room's table i
    plan: dict[str, Any]  # the same, to store or hand to the round's job
    adjustment: stored_plan.Adjustment

    def describe(self) -> str | None:
        return self.adjustment.describe()


def adjust(session: orm.Session, event: Event, stored: dict[str, Any]) -> Adjusted | None:
    """A stored plan as it stands now: who left (or opted out, or was erased) since is taken
    off their table; who arrived is seated as a late arrival is, at a table with room,
    meeting nobody again and kept apart where possible. None when the room's tables changed
    since: the plan no longer fits them."""
    if stored.get("layout") != event.tables:
        return None
    attendees = present(session, event.id)
    here = {a.id for a in attendees}
    before = set(stored["present"])
    tables = [[i for i in ids if i in here] for ids in stored["tables"]]
    arrivals = [a for a in attendees if a.id not in before]
    arrived = _seat_arrivals(session, event, stored["number"], arrivals, tables, attendees)
    gone = sorted(before - here)
    left = list(
        session.scalars(
            select(Attendee.name).where(Attendee.id.in_(gone)).order_by(Attendee.id)
        )
    ) if gone else []  # fmt: skip
    plan = stored_plan.make(
        event.tables, stored["number"], tables, sorted(here), stored.get("note")
    )
    adjustment = stored_plan.Adjustment(arrived, [name or "?" for name in left], len(gone))
    return Adjusted(attendees, tables, plan, adjustment)


def _seat_arrivals(
    session: orm.Session,
    event: Event,
    number: int,
    arrivals: list[Attendee],
    tables: list[list[int]],
    attendees: list[Attendee],
) -> list[tuple[str, str | None]]:
    """Add each arrival to a table with room (in place); return (name, label or None)."""
    if not arrivals:
        return []  # the usual case costs nothing more
    view = {p.id: p for p in people(session, event, attendees)}
    past = history(session, event.id, number)
    room = learn_teach.room_scores(session, attendees)
    placed = []
    for person in arrivals:
        choice = grouping.seat_late_arrival(
            view[str(person.id)],
            [[view[str(i)] for i in ids] for ids in tables],
            past,
            capacities=capacities(event),
            table_size=event.table_size,
            pairs=_ids(room.pairs_with(person.id)),
        )
        if choice is not None:
            tables[choice].append(person.id)
        label = None if choice is None else table_label(event, choice + 1)
        placed.append((person.name or "?", label))
    return placed


# The engine names a keep-apart key as `people` made it ("q4:acme robotics"); a host reads
# the answer ('acme robotics').
APART_KEY = re.compile(r"'q\d+:")


def host_note(reason: str | None) -> str | None:
    """The engine's explanation of a plan it could not make perfect, in the host's words."""
    return APART_KEY.sub("'", reason) if reason else reason


def _plan(session: orm.Session, rnd: Round, stored: dict[str, Any] | None) -> None:
    event = session.get_one(Event, rnd.event_id)
    adjusted = adjust(session, event, stored) if stored else None
    if adjusted is not None:
        attendees, tables = adjusted.attendees, adjusted.tables
        rnd.note = join_notes(rnd.note, adjusted.describe())
        room = learn_teach.room_scores(session, attendees)
    else:
        room = learn_teach.room_scores(session, present(session, event.id))
        attendees, plan = plan_tables(session, event, rnd.number, room)
        tables = [[int(i) for i in ids] for ids in plan.tables]
        rnd.note = join_notes(rnd.note, host_note(plan.infeasible_reason))
    rnd.tables = list(event.tables) if event.tables else None
    seated, sitting_out = at_tables(attendees, tables)
    seats, texts = [], []
    for person, table, body, kind in compose(
        rnd, rnd.number, event.rounds, seated, sitting_out, room
    ):
        seats.append({"round_id": rnd.id, "attendee_id": person.id, "table": table, "late": False})
        if person.phone is not None:  # a walk-in without a phone is told by the host
            texts.append(_text(rnd, person, body, kind))
    # Many rows at once: executemany on the tables, not one ORM object each.
    if seats:
        session.execute(insert(Seat.__table__), seats)
        add_texts(session, texts)


def at_tables(
    attendees: Sequence[Attendee], tables: Sequence[Sequence[int]]
) -> tuple[list[list[Attendee]], list[Attendee]]:
    """The people at each table of a plan (by id; who is not here is left out), and who
    sits out."""
    by_id = {a.id: a for a in attendees}
    seated = {i for ids in tables for i in ids}
    return (
        [[by_id[i] for i in ids if i in by_id] for ids in tables],
        [a for a in attendees if a.id not in seated],
    )


def compose(
    seating: Event | Round,
    number: int,
    rounds: int,
    tables: Sequence[Sequence[Attendee]],
    sitting_out: Sequence[Attendee],
    room: learn_teach.RoomScores | None = None,
) -> list[tuple[Attendee, int | None, str, Kind]]:
    """Each person's table (1-based; None: sits out) and the text telling them, as a round
    sends it: the round's job and the host's preview (which counts the cost) share this.
    `room`: the learn/teach scores that give each text its talk-about line (none without)."""
    n = max(rounds, number)
    result = []
    for table_number, table in enumerate(tables, start=1):  # empty at a table nobody needs
        lines = table_lines(table, room.at_table(p.id for p in table)) if room else {}
        label = table_label(seating, table_number)
        for person in table:
            mates = [p.name or "" for p in table if p is not person]
            body = round_text(number, n, label, mates, lines.get(person.id))
            result.append((person, table_number, body, Kind.ROUND))
    for person in sitting_out:
        # More people than seats: told kindly, and seated first next round.
        result.append((person, None, sit_out_text(number, n, person.name or ""), Kind.SIT_OUT))
    return result


def join_notes(*notes: str | None) -> str | None:
    """The round's notes for the host in one line, within the column's 300 characters."""
    joined = " ".join(note for note in notes if note)
    return (joined[:297] + "...") if len(joined) > 300 else joined or None


def _text(rnd: Round, person: Attendee, body: str, kind: Kind = Kind.ROUND) -> Text:
    return Text(kind, person.phone, body, rnd.event_id, person.id, rnd.id)


# The event's latest round, on plain columns: asked by every text that finishes a sign-up,
# most often before any round exists (loading a Round object cost a twentieth of that text).
_round = Round.__table__
LATEST_ROUND = (
    select(_round.c.id, _round.c.status)
    .where(_round.c.event_id == bindparam("event_id"))
    .order_by(_round.c.number.desc())
    .limit(1)
)


def running_round(session: orm.Session, event_id: int) -> Round | None:
    """The event's latest round, if it has been seated."""
    latest = session.connection().execute(LATEST_ROUND, {"event_id": event_id}).first()
    if latest is None or latest.status == "planning":
        return None
    return session.get(Round, latest.id)


def seat_late(session: orm.Session, event_id: int, attendee_id: int) -> int | None:
    """Seat someone who just finished sign-up at this event into its running round (if
    one is running: the usual case, before the rounds, costs one query); return their
    text's id in the outbox."""
    rnd = running_round(session, event_id)
    if rnd is None:
        return None
    attendee = session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event_id:
        return None
    already = session.scalar(
        select(Seat.id).where(Seat.round_id == rnd.id, Seat.attendee_id == attendee.id)
    )
    if already:
        return None
    event = session.get_one(Event, event_id)
    seated = session.execute(
        select(Seat.table, Attendee).join(Attendee, Attendee.id == Seat.attendee_id)
        .where(Seat.round_id == rnd.id, Seat.table.is_not(None))
        .order_by(Seat.table, Attendee.id)
    ).all()  # fmt: skip
    caps = capacities(rnd)
    if caps is not None and all(table <= len(caps) for table, _ in seated):
        numbers = list(range(1, len(caps) + 1))  # every physical table, empty ones too
    else:
        caps, numbers = None, sorted({table for table, _ in seated})
    tables = [[a for t, a in seated if t == number] for number in numbers]
    everyone = [attendee, *(a for table in tables for a in table)]
    view = {p.id: p for p in people(session, event, everyone)}
    room = learn_teach.room_scores(session, everyone, fill={attendee.id})
    choice = grouping.seat_late_arrival(
        view[str(attendee.id)],
        [[view[str(a.id)] for a in table] for table in tables],
        history(session, event.id, rnd.number),
        capacities=caps,
        table_size=event.table_size,
        pairs=_ids(room.pairs_with(attendee.id)),
    )
    n = max(event.rounds, rnd.number)
    if choice is None:
        session.add(Seat(round_id=rnd.id, attendee_id=attendee.id, table=None, late=True))
        body = sit_out_text(rnd.number, n, attendee.name or "")
        text = _text(rnd, attendee, body, Kind.SIT_OUT)  # the messages export shows who
    else:
        number = numbers[choice]
        mates = [a.name or "" for a in tables[choice]]
        session.add(Seat(round_id=rnd.id, attendee_id=attendee.id, table=number, late=True))
        line = talk_line(room, attendee, tables[choice])
        body = round_text(rnd.number, n, table_label(rnd, number), mates, line)
        text = _text(rnd, attendee, body)
    ids = add_texts(session, [text])  # none for a walk-in: nobody to text
    return ids[0] if ids else None


def table_now(session: orm.Session, event_id: int, attendee_id: int) -> str | None:
    """Where someone sits in the event's latest round, as the table is now: who arrived
    late since is named, who left or opted out is not. None before any round is seated,
    or when they have no seat in it."""
    rnd = running_round(session, event_id)
    attendee = session.get(Attendee, attendee_id)
    if rnd is None or attendee is None:
        return None
    n = max(session.get_one(Event, event_id).rounds, rnd.number)
    table = session.scalar(
        select(Seat.table).where(Seat.round_id == rnd.id, Seat.attendee_id == attendee_id)
    )
    if table is None:
        seated = session.scalar(
            select(Seat.id).where(Seat.round_id == rnd.id, Seat.attendee_id == attendee_id)
        )
        if seated is None:
            return None
        return sit_out_text(rnd.number, n, attendee.name or "")  # every table was full
    mates = session.scalars(
        select(Attendee)
        .join(Seat, Seat.attendee_id == Attendee.id)
        .where(
            Seat.round_id == rnd.id,
            Seat.table == table,
            Attendee.id != attendee_id,
            Attendee.status != "left",
            ~Attendee.opted_out,  # a walk-in (no number) never opted out
        )
        .order_by(Seat.late, Attendee.id)
    )
    mates = list(mates)
    room = learn_teach.room_scores(session, [attendee, *mates], fill={attendee.id})
    line = talk_line(room, attendee, mates)
    return round_text(rnd.number, n, table_label(rnd, table), [m.name or "" for m in mates], line)


def talk_line(
    room: learn_teach.RoomScores, person: Attendee, mates: Sequence[Attendee]
) -> TalkAbout | None:
    """One person's learn/teach line at a table (a late arrival's, or TABLE's answer)."""
    table = [person, *mates]
    return table_lines(table, room.at_table(p.id for p in table)).get(person.id)
