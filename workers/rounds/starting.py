"""Starting a round, and how far its texts have got: the CLI and the admin page share these."""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, orm, select
from sqlalchemy.exc import IntegrityError

from models import Event, OutboundMessage, Round
from workers.rounds import seating
from workers.runtime.queues import QueueUnreachable, commit_then_enqueue

IN_FLIGHT = ("pending", "unknown")


class RoundError(RuntimeError):
    """A round cannot start now; the message says why, in one line."""


@dataclass(frozen=True)
class Progress:
    number: int
    planned: bool
    total: int
    handed_off: int
    failed: int

    @property
    def done(self) -> bool:
        return self.planned and self.handed_off == self.total


def start_round(event_id: int, redis_url: str | None, number: int | None = None) -> Round:
    """Start the event's next round: commit the round row, then queue its planning job.

    number: the round the host means to start (the admin form carries the one it showed,
    the CLI's --round): refused unless it is the next one, so a double click, a resent form,
    or the page and the CLI at once start one round, not two.
    """
    if redis_url is None:
        raise RoundError("Redis is not configured (REDIS_URL); nothing was started")
    try:
        return commit_then_enqueue(
            redis_url,
            lambda session: _new_round(session, event_id, number),
            lambda jobs, rnd: jobs.enqueue(seating.plan, rnd.id, job_timeout=600),
            undo=lambda session, rnd: session.execute(delete(Round).where(Round.id == rnd.id)),
        )
    except QueueUnreachable as error:
        if error.written:
            raise RoundError("lost Redis while starting the round; nothing was started") from None
        raise RoundError(
            "cannot reach Redis, so no worker would seat anyone; nothing was started"
        ) from None


def _new_round(session: orm.Session, event_id: int, meant: int | None) -> Round:
    event = session.get_one(Event, event_id)
    latest = session.scalar(
        select(Round).where(Round.event_id == event.id).order_by(Round.number.desc()).limit(1)
    )
    if meant is not None and latest is not None and meant <= latest.number:
        raise RoundError(f"round {meant} was already started; nothing more was sent")
    if meant is not None and meant != (latest.number + 1 if latest else 1):
        raise RoundError(
            f"round {meant} is not the next round (that is {latest.number + 1 if latest else 1})"
        )
    if latest is not None and not progress(session, latest.id).done:
        raise RoundError(f"round {latest.number} is still being sent; wait for it to finish")
    number = latest.number + 1 if latest else 1
    if number > event.rounds:
        raise RoundError(f"all {event.rounds} rounds of {event.code} have been started")
    rnd = Round(event_id=event.id, number=number)
    session.add(rnd)
    try:
        session.flush()  # the (event, number) unique key: two starts at once make one round
    except IntegrityError:
        session.rollback()
        raise RoundError(f"round {number} was just started by someone else") from None
    return rnd


def progress(session: orm.Session, round_id: int) -> Progress:
    """Count a round's texts: how many are handed to the SMS provider, how many failed."""
    rnd = session.get_one(Round, round_id)
    counts = outbox_counts(session, OutboundMessage.round_id == rnd.id)
    total = sum(counts.values())
    return Progress(
        rnd.number, rnd.status != "planning", total, total - in_flight(counts), counts["failed"]
    )


def outbox_counts(session: orm.Session, *where: ColumnElement[bool]) -> Counter[str]:
    """How many of the outbox rows matching `where` are in each status."""
    rows = session.execute(
        select(OutboundMessage.status, func.count()).where(*where).group_by(OutboundMessage.status)
    )
    return Counter({status: count for status, count in rows})


def in_flight(counts: Counter[str]) -> int:
    """Texts not yet handed to Twilio, or whose hand-off is being reconciled."""
    return sum(counts[status] for status in IN_FLIGHT)
