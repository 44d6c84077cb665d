"""`tablemates simulate`: a whole event through the real webhook path, with simulated phones."""

import contextlib
import itertools
import math
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

import click
import numpy as np
from flask import current_app
from flask.cli import with_appcontext
from redis.exceptions import RedisError
from sqlalchemy import func, orm, select

from models import Attendee, Event, InboundMessage, OutboundMessage, Round, Seat, Session
from models.migrate import upgrade
from service import simulator
from workers.events import archive, editing
from workers.grouping.mix import counts, penalty, spreads
from workers.intros import introductions
from workers.outbox import delivery
from workers.people.simulated_people import simulated_people
from workers.rounds import seating, starting
from workers.runtime.embedded_redis import EmbeddedRedis

AGE_QUESTION = "Age range?|Under 25|25-39|40-59|60+"
SIMULATION = "tablemates simulate"  # who archived the event, in its log


@click.command("simulate")
@click.option("--attendees", default=30, show_default=True, type=click.IntRange(2, 1000))
@click.option("--rounds", "n_rounds", default=3, show_default=True, type=click.IntRange(1, 10))
@click.option(
    "--table-size",
    type=click.IntRange(2, 12),
    help="People per table [default: 5, or the square root of --attendees when smaller].",
)
@with_appcontext
def simulate_command(attendees: int, n_rounds: int, table_size: int | None) -> None:
    """Run a whole event with simulated phones, in rehearsal mode, and print how it went."""
    # Both must agree: the app's setting and the one the delivery code reads for itself.
    if not (current_app.config["REHEARSAL"] and delivery.settings()["REHEARSAL"]):
        raise click.ClickException(
            "simulate runs in rehearsal mode only: unset TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        )
    upgrade(str(current_app.config["DATABASE_URL"]))  # a fresh checkout has no tables yet
    # With fewer tables than seats at one, a table of round 1 cannot be split up in round 2:
    # a small room gets small tables, so that nobody has to meet anyone twice.
    table_size = table_size or max(2, min(5, math.isqrt(attendees)))
    event = _new_event(n_rounds, table_size)
    click.echo(
        f"event {event.code}: {attendees} simulated attendees, {n_rounds} rounds, "
        f"tables of {table_size}"
    )
    questions = simulator.asked_questions(event.id)
    people = simulated_people(attendees, seed=event.id)
    numbers = simulator.free_numbers(attendees)
    with click.progressbar(zip(people, numbers, strict=True), length=attendees,
                           label="signing up") as bar:  # fmt: skip
        for person, number in bar:
            simulator.sign_up(event, questions, person, number)
    with Session() as session:  # what a worker's embed_answers jobs do as answers arrive
        introductions.vectors(session, seating.present(session, event.id))
        session.commit()
    # A private Redis takes the round's planning job, which runs right here: a worker of a
    # running `tablemates dev` must not plan the same round at the same time.
    with EmbeddedRedis() as redis, click.progressbar(range(n_rounds), label="rounds") as bar:
        for _ in bar:
            _run_round(event.id, redis.url)
    with Session() as session:
        finished = session.get_one(Event, event.id)
        finished.is_open = False  # real texts no longer need its code
        # Out of the host's list (under Archived); retention erases it like any other.
        archive.archive(session, finished, SIMULATION)
        session.commit()
        click.echo(summary(session, event.id))
        click.echo(f"event {event.code} archived: see Archived in the events list")


def _new_event(n_rounds: int, table_size: int) -> Event:
    with Session() as session:
        event = editing.create_event(
            session,
            "Simulated event",
            f"SIM{uuid.uuid4().hex[:6].upper()}",
            table_size=table_size,
            rounds=n_rounds,
            questions=[AGE_QUESTION],
        )
        session.commit()
        return event


def _run_round(event_id: int, redis_url: str) -> None:
    """Start a round, plan it in this process and deliver its texts (rehearsal: stored)."""
    try:
        rnd = starting.start_round(event_id, redis_url)
    except starting.RoundError as error:
        raise click.ClickException(str(error)) from None
    # A Redis for delivery that is down: the round is planned and committed all the same,
    # and its texts are delivered below.
    with contextlib.suppress(RedisError):
        seating.plan(rnd.id)
    with Session() as session:
        pending = session.scalars(
            select(OutboundMessage.id).where(
                OutboundMessage.round_id == rnd.id, OutboundMessage.status == "pending"
            )
        ).all()
    delivery.deliver(list(pending))


@dataclass(frozen=True)
class Seating:
    """Who sat where: round number -> table label -> attendee ids; and who sat out."""

    tables: dict[int, dict[int, list[int]]]
    sit_outs: int


def summary(session: orm.Session, event_id: int) -> str:
    """Describe how the event went: sign-ups, texts by kind, repeats, keep-apart, mix."""
    event = session.get_one(Event, event_id)
    seated = _seating(session, event_id)
    complete = session.scalar(
        select(func.count()).where(Attendee.event_id == event_id, Attendee.status == "complete")
    )
    texts = _texts(session, event_id)
    by_kind = ", ".join(f"{n} {kind}" for kind, n in texts)
    lines = [
        f"attendees: {complete} signed up",
        f"rounds: {len(seated.tables)}",
        f"texts sent: {sum(n for _, n in texts)} ({by_kind})",
        f"repeat pairs across rounds: {_repeat_pairs(seated)}",
        f"keep-apart violations: {_apart_violations(session, event, seated)}",
    ]
    for name, share in _mix(session, event, seated).items():
        lines.append(f"mix of {name!r}: {share:.0%} of tables in proportion")
    lines.append(f"sit-outs: {seated.sit_outs}")
    notes = session.execute(
        select(Round.number, Round.note)
        .where(Round.event_id == event_id, Round.note.is_not(None))
        .order_by(Round.number)
    )
    lines += [f"round {number}: {note}" for number, note in notes]
    return "\n".join(lines)


def _seating(session: orm.Session, event_id: int) -> Seating:
    rows = session.execute(
        select(Round.number, Seat.table, Seat.attendee_id)
        .join(Seat, Seat.round_id == Round.id)
        .where(Round.event_id == event_id)
        .order_by(Round.number, Seat.table, Seat.attendee_id)
    )
    tables: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    sit_outs = 0
    for number, table, attendee_id in rows:
        if table is None:
            sit_outs += 1
        else:
            tables[number][table].append(attendee_id)
    return Seating(tables, sit_outs)


def _texts(session: orm.Session, event_id: int) -> list[tuple[str, int]]:
    """Texts sent, by kind: replies to sign-up texts, then the outbox's kinds."""
    replies = session.scalar(
        select(func.count()).where(
            InboundMessage.event_id == event_id, InboundMessage.reply.is_not(None)
        )
    )
    outbox = session.execute(
        select(OutboundMessage.kind, func.count())
        .where(OutboundMessage.event_id == event_id, OutboundMessage.status == "delivered")
        .group_by(OutboundMessage.kind)
        .order_by(OutboundMessage.kind)
    ).all()
    return [("reply", replies), *((kind, n) for kind, n in outbox)]


def _pairs(table: list[int]) -> set[tuple[int, int]]:
    return set(itertools.combinations(sorted(table), 2))


def _repeat_pairs(seated: Seating) -> int:
    """Pairs who sat together in more than one round, counted once per extra meeting."""
    met = Counter(
        pair for tables in seated.tables.values() for t in tables.values() for pair in _pairs(t)
    )
    return sum(n - 1 for n in met.values())


def _apart_violations(session: orm.Session, event: Event, seated: Seating) -> int:
    """Pairs seated together although they share a keep-apart key (same workplace)."""
    keys = {int(p.id): p.apart for p in seating.people(session, event, _attendees(session, event))}
    return sum(
        1
        for tables in seated.tables.values()
        for table in tables.values()
        for a, b in _pairs(table)
        if keys.get(a, frozenset()) & keys.get(b, frozenset())
    )


def _mix(session: orm.Session, event: Event, seated: Seating) -> dict[str, float]:
    """Per mixed question: the share of tables whose mix is in proportion to the room."""
    people = seating.people(session, event, _attendees(session, event))
    questions = {f"q{q.id}": q.text for q in event.questions if q.role == "spread"}
    by_id = {int(p.id): p for p in people}
    shares: dict[str, list[bool]] = defaultdict(list)
    for tables in seated.tables.values():
        # People in seating order, so the spread's value codes line up with their tables.
        order = [a for table in tables.values() for a in table]
        seats = np.array([i for i, table in enumerate(tables.values()) for _ in table])
        sizes = [len(table) for table in tables.values()]
        for key in questions:
            column = [by_id[a].attributes.get(key, "") for a in order]
            spread = spreads({key: column}, sizes)[0]
            good = penalty(counts(spread, seats), spread.low, spread.high).sum(1) == 0
            shares[key].extend(bool(g) for g in good)
    return {questions[key]: float(np.mean(found)) for key, found in shares.items()}


def _attendees(session: orm.Session, event: Event) -> list[Attendee]:
    return list(session.scalars(select(Attendee).where(Attendee.event_id == event.id)))
