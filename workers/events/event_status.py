"""What the host's dashboard shows about one event, read from the database (no Flask here)."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, orm, select, update

from models import Answer, Attendee, Event, OutboundMessage, Question, Round, Seat, as_utc, utcnow
from workers.people.phones import last_four
from workers.rounds import clock, learn_teach, seating, stored_plan
from workers.rounds.starting import in_flight
from workers.texts.cost import US_PRICE_PER_SEGMENT, Estimate, estimate

# Twilio's words for a text on its way, and for one that did not arrive.
ON_ITS_WAY = ("accepted", "queued", "sending", "sent")
NOT_ARRIVED = ("failed", "undelivered")
# Opted out (21610): a retry would be refused again and must not be made.
NEVER_RETRY = (21610,)


@dataclass(frozen=True)
class SignUps:
    started: int = 0  # texted, not finished the questions yet
    complete: int = 0
    left: int = 0
    opted_out: int = 0


@dataclass(frozen=True)
class Delivery:
    """A round's (or a broadcast's) texts by how far they got."""

    total: int = 0
    waiting: int = 0  # in our outbox, not yet handed to Twilio
    on_its_way: int = 0
    delivered: int = 0
    failed: int = 0
    retryable: int = 0


@dataclass(frozen=True)
class RosterRow:
    id: int
    phone: str  # masked: last four digits only; "" for a walk-in (no phone)
    name: str
    status: str
    intro: str
    learn: str
    teach: str
    answers: dict[str, str]
    table: str | None  # the label the latest round texted ("Window"), None: no seat
    walk_in: bool = False  # added by the host by name, with no phone
    left: bool = False


@dataclass(frozen=True)
class Status:
    event: Event
    sign_ups: SignUps
    round: Round | None
    delivery: Delivery | None
    sit_outs: list[str]
    roster: list[RosterRow]
    questions: dict[int, str] = field(default_factory=dict)
    minutes_left: int | None = None  # the round clock: None when no round length is set


def event_status(session: orm.Session, event: Event) -> Status:
    """Everything the live part of the dashboard shows."""
    latest = latest_round(session, event.id)
    questions = question_texts(session, event.id)
    seats = _tables(session, latest.id) if latest else {}
    tables = {
        attendee_id: None if table is None else seating.table_label(latest, table)
        for attendee_id, table in seats.items()
    }
    roster = _roster(session, event.id, questions, tables)
    sit_outs = [row.name for row in roster if row.id in tables and tables[row.id] is None]
    return Status(
        event=event,
        sign_ups=sign_up_counts(session, [event.id])[event.id],
        round=latest,
        delivery=delivery(session, latest.id) if latest else None,
        sit_outs=sit_outs,
        roster=roster,
        questions=questions,
        minutes_left=round_minutes_left(event, latest),
    )


def round_minutes_left(event: Event, rnd: Round | None) -> int | None:
    """Minutes left in a round whose tables went out, by the host's round length."""
    if rnd is None or rnd.status == "planning":
        return None
    return clock.minutes_left(as_utc(rnd.created_at), event.round_minutes, utcnow())


def latest_round(session: orm.Session, event_id: int) -> Round | None:
    return session.scalar(
        select(Round).where(Round.event_id == event_id).order_by(Round.number.desc()).limit(1)
    )


def question_texts(session: orm.Session, event_id: int) -> dict[int, str]:
    rows = session.execute(
        select(Question.id, Question.text)
        .where(Question.event_id == event_id)
        .order_by(Question.position)
    )
    return {key: value for key, value in rows}


def delivery(session: orm.Session, round_id: int) -> Delivery:
    """Count one round's texts by how far they got."""
    rows = session.execute(
        select(OutboundMessage.status, OutboundMessage.error_code, func.count())
        .where(OutboundMessage.round_id == round_id)
        .group_by(OutboundMessage.status, OutboundMessage.error_code)
    ).all()
    counts: Counter[str] = Counter()
    retryable = 0
    for status, error_code, count in rows:
        counts[status] += count
        if status in NOT_ARRIVED and error_code not in NEVER_RETRY:
            retryable += count
    return Delivery(
        total=sum(counts.values()),
        waiting=in_flight(counts),
        on_its_way=sum(counts[s] for s in ON_ITS_WAY),
        delivered=counts["delivered"],
        failed=sum(counts[s] for s in NOT_ARRIVED),
        retryable=retryable,
    )


def retry_failed(session: orm.Session, round_id: int) -> list[int]:
    """Put a round's failed texts back in the outbox (not those to opted-out numbers);
    the caller commits and queues the ids that come back."""
    failed = (
        (OutboundMessage.round_id == round_id)
        & OutboundMessage.status.in_(NOT_ARRIVED)
        & (OutboundMessage.error_code.is_(None) | OutboundMessage.error_code.not_in(NEVER_RETRY))
    )
    ids = list(session.scalars(select(OutboundMessage.id).where(failed)))
    if ids:
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id.in_(ids))
            .values(status="pending", twilio_sid=None, error_code=None, claimed_at=None,
                    attempts=0, created_at=utcnow())
        )  # fmt: skip
    return ids


@dataclass(frozen=True)
class Preview:
    """The next round as the engine would seat it now, with its quality and its cost; the
    plan is stored, and Send seats it (`workers.rounds.stored_plan`)."""

    number: int
    rounds: int
    tables: list[tuple[str, list[str]]]  # (label, first names) of each table someone sits at
    metrics: dict[str, object]
    mix: dict[str, float]  # question text -> share of tables mixed proportionally
    reason: str | None
    present: int
    sitting_out: list[str]
    plan: str  # the stored plan's digest, which the Send form carries
    cost: Estimate  # the round's texts, as they will be sent


def preview(
    session: orm.Session, event: Event, price_per_segment: float = US_PRICE_PER_SEGMENT
) -> Preview:
    """Plan the next round and store the plan (the caller commits): what "Send" seats."""
    latest = latest_round(session, event.id)
    number = latest.number + 1 if latest else 1
    room = learn_teach.room_scores(session, seating.present(session, event.id))
    attendees, plan = seating.plan_tables(session, event, number, room)
    reason = seating.host_note(plan.infeasible_reason)
    tables = [[int(i) for i in ids] for ids in plan.tables]
    present = [a.id for a in attendees]
    event.next_plan = stored_plan.keep(
        event.next_plan, stored_plan.make(event.tables, number, tables, present, reason)
    )
    seated, sitting_out = seating.at_tables(attendees, tables)
    texts = seating.compose(event, number, event.rounds, seated, sitting_out, room)
    questions = question_texts(session, event.id)
    mix = {
        questions.get(int(key[1:]), key) if key[1:].isdigit() else key: float(share)
        for key, share in (plan.metrics.get("mix") or {}).items()
    }
    return Preview(
        number=number,
        rounds=event.rounds,
        tables=[
            (seating.table_label(event, number), [a.name or "?" for a in table])
            for number, table in enumerate(seated, start=1)
            if table
        ],
        metrics=plan.metrics,
        mix=mix,
        reason=reason,
        present=len(attendees),
        sitting_out=sorted(a.name or "?" for a in sitting_out),
        plan=event.next_plan["digest"],
        cost=estimate((body for a, _, body, _ in texts if a.phone is not None), price_per_segment),
    )


def table_cards(session: orm.Session, round_id: int) -> list[tuple[str, list[str]]]:
    """(table label, first names) for each table of a round, for the printable cards."""
    rnd = session.get_one(Round, round_id)
    rows = session.execute(
        select(Seat.table, Attendee.name)
        .join(Attendee, Attendee.id == Seat.attendee_id)
        .where(Seat.round_id == round_id, Seat.table.is_not(None))
        .order_by(Seat.table, Attendee.name)
    )
    cards: dict[int, list[str]] = defaultdict(list)
    for table, name in rows:
        cards[table].append(name or "?")
    return [(seating.table_label(rnd, table), names) for table, names in sorted(cards.items())]


def sign_up_counts(session: orm.Session, event_ids: Sequence[int]) -> dict[int, SignUps]:
    """Each event's sign-ups by where they are: the one count every page shows."""
    rows = session.execute(
        select(Attendee.event_id, Attendee.status, Attendee.opted_out, func.count())
        .where(Attendee.event_id.in_(event_ids))
        .group_by(Attendee.event_id, Attendee.status, Attendee.opted_out)
    ).all()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for event_id, status, opted_out, count in rows:
        counts[event_id]["opted_out" if opted_out else status] += count
    return {
        event_id: SignUps(
            started=counts[event_id]["signing_up"],
            complete=counts[event_id]["complete"],
            left=counts[event_id]["left"],
            opted_out=counts[event_id]["opted_out"],
        )
        for event_id in event_ids
    }


def _tables(session: orm.Session, round_id: int) -> dict[int, int | None]:
    rows = session.execute(select(Seat.attendee_id, Seat.table).where(Seat.round_id == round_id))
    return {key: value for key, value in rows}


def _roster(
    session: orm.Session, event_id: int, questions: dict[int, str], tables: dict[int, str | None]
) -> list[RosterRow]:
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for attendee_id, question_id, value in session.execute(
        select(Answer.attendee_id, Answer.question_id, Answer.value)
        .join(Attendee, Attendee.id == Answer.attendee_id)
        .where(Attendee.event_id == event_id)
    ):
        answers[attendee_id][questions.get(question_id, "?")] = value
    attendees = session.scalars(
        select(Attendee).where(Attendee.event_id == event_id).order_by(Attendee.id)
    )
    return [
        RosterRow(
            id=a.id,
            phone=last_four(a.phone) if a.phone else "",
            name=a.name or "",
            status="opted out" if a.opted_out else a.status.replace("_", " "),
            intro=a.intro or "",
            learn=a.learn or "",
            teach=a.teach or "",
            answers=answers[a.id],
            table=tables.get(a.id),
            walk_in=a.phone is None,
            left=a.status == "left",
        )
        for a in attendees
    ]
