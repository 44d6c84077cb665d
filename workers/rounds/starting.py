"""Starting a round, and how far its texts have got: the CLI and the admin page share these."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, orm, select, update
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


class PlanReplaced(RoundError):
    """The plan the host confirmed is no longer the stored one: show them the new one."""


# What starting a round writes: the round, the plan its job seats (None: plan at start),
# and the event's stored plan before (put back if the job cannot be queued).
Started = tuple[Round, dict[str, Any] | None, dict[str, Any] | None]


def start_round(
    event_id: int, redis_url: str | None, number: int | None = None, plan: str | None = None
) -> Round:
    """Start the event's next round: commit the round row, then queue its seating job.

    number: the round the host means to start (the admin form carries the one it showed,
    the CLI's --round): refused unless it is the next one, so a double click, a resent form,
    or the page and the CLI at once start one round, not two.
    plan: the digest of the stored plan the host's preview showed (`workers.rounds.
    stored_plan`): that plan is seated, adjusted for who arrived or left since (the round's
    note says so); PlanReplaced if another plan was stored since. None: plan at start.
    """
    if redis_url is None:
        raise RoundError("Redis is not configured (REDIS_URL); nothing was started")
    try:
        rnd, _, _ = commit_then_enqueue(
            redis_url,
            lambda session: _new_round(session, event_id, number, plan),
            lambda jobs, started: jobs.enqueue(
                seating.plan, started[0].id, started[1], job_timeout=600
            ),
            undo=_undo,
        )
    except QueueUnreachable as error:
        if error.written:
            raise RoundError("lost Redis while starting the round; nothing was started") from None
        raise RoundError(
            "cannot reach Redis, so no worker would seat anyone; nothing was started"
        ) from None
    return rnd


def _undo(session: orm.Session, started: Started) -> None:
    rnd, _, before = started
    session.execute(delete(Round).where(Round.id == rnd.id))
    session.execute(update(Event).where(Event.id == rnd.event_id).values(next_plan=before))


def _new_round(session: orm.Session, event_id: int, meant: int | None, plan: str | None) -> Started:
    event = session.get_one(Event, event_id, with_for_update=True)
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
    before = event.next_plan
    stored, note = _confirmed(session, event, number, plan)
    event.next_plan = None  # used, or made stale by this round
    rnd = Round(event_id=event.id, number=number, note=note)
    session.add(rnd)
    try:
        session.flush()  # the (event, number) unique key: two starts at once make one round
    except IntegrityError:
        session.rollback()
        raise RoundError(f"round {number} was just started by someone else") from None
    return rnd, stored, before


def _confirmed(
    session: orm.Session, event: Event, number: int, plan: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """The stored plan the host confirmed, brought up to date, and the round's note."""
    if plan is None:
        return None, None
    current = event.next_plan
    if not current or current.get("digest") != plan or current.get("number") != number:
        raise PlanReplaced("the plan changed since you saw it; nothing was sent")
    adjusted = seating.adjust(session, event, current)
    if adjusted is None:
        return None, "The room's tables changed since the preview, so they were planned again."
    return adjusted.plan, seating.join_notes(adjusted.describe(), current.get("note"))


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
