"""Sending the learn/teach introductions, now or at a time (the CLI and the admin page)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from rq import Queue
from sqlalchemy import orm, select

from models import Event, Match, MatchOffer, MatchRun, OutboundMessage, as_utc, utcnow
from workers.intros import introductions
from workers.outbox.writer import INTRODUCTIONS
from workers.rounds.starting import in_flight, outbox_counts
from workers.runtime.queues import QueueUnreachable, commit_then_enqueue
from workers.texts.cost import Estimate, estimate


class MatchError(RuntimeError):
    """The match-ups cannot be scheduled now; the message says why, in one line."""


@dataclass(frozen=True)
class MatchProgress:
    scheduled_for: datetime | None
    sent: bool
    total: int  # texts written
    handed_off: int

    @property
    def done(self) -> bool:
        return self.sent and self.handed_off == self.total


def schedule(event_id: int, at: datetime | None, redis_url: str | None) -> MatchRun:
    """Send the event's match-ups at `at` (timezone-aware; None: now). Scheduling again
    moves the time; the earlier job then does nothing, so nothing is sent twice."""
    when = (at or utcnow()).astimezone(UTC)
    if redis_url is None:
        raise MatchError("Redis is not configured (REDIS_URL); nothing was scheduled")

    def write(session: orm.Session) -> MatchRun:
        run = session.scalar(
            select(MatchRun).where(MatchRun.event_id == event_id).with_for_update()
        )
        if run is not None and run.sent_at is not None:
            raise MatchError(f"the match-ups were already sent at {run.sent_at:%Y-%m-%d %H:%M} UTC")
        if run is None:
            run = MatchRun(event_id=event_id)
            session.add(run)
        run.token, run.send_at = uuid.uuid4().hex, when
        return run

    def send(jobs: Queue, run: MatchRun) -> None:
        if when <= utcnow():
            jobs.enqueue(introductions.send, event_id, run.token, job_timeout=600)
        else:
            jobs.enqueue_at(when, introductions.send, event_id, run.token, job_timeout=600)

    # No undo: a run with no job sends nothing, and scheduling again gives it a new token.
    try:
        return commit_then_enqueue(redis_url, write, send)
    except QueueUnreachable:
        raise MatchError("cannot reach Redis, so no worker would send them; try again") from None


def progress(session: orm.Session, event_id: int) -> MatchProgress:
    run = session.get(MatchRun, event_id)
    counts = outbox_counts(
        session, OutboundMessage.event_id == event_id, OutboundMessage.kind.in_(INTRODUCTIONS)
    )
    total = sum(counts.values())
    return MatchProgress(
        scheduled_for=run.send_at if run else None,
        sent=bool(run and run.sent_at),
        total=total,
        handed_off=total - in_flight(counts),
    )


@dataclass(frozen=True)
class Overview:
    """The introductions page: the rows, and before sending what it costs and leaves out."""

    rows: list[dict[str, object]]
    sent: bool
    estimate: Estimate | None  # the texts sending now writes (None once sent)
    near_misses: list[introductions.Planned]  # the best pairs just below the floor
    held: int  # dropped pairs whose places stay empty (not given to others)


def overview(session: orm.Session, event: Event, floor: float, price: float) -> Overview:
    """Everything the introductions page shows, from one choice of introductions."""
    stored = _stored(session, event)
    if _sent(session, event, stored):
        return Overview(_sent_rows(session, stored), True, None, [], 0)
    planned = introductions.choose(session, event, floor=floor)
    bodies = [text.body for text in introductions.outgoing(session, event, planned)]
    held = sum(m.status == "dropped" for m in stored)
    return Overview(
        _planned_rows(planned) + [_row(m, "dropped") for m in stored],
        False,
        estimate(bodies, price),
        introductions.near_misses(session, event, floor),
        held,
    )


def match_rows(session: orm.Session, event: Event) -> list[dict[str, object]]:
    """The match-ups as sent, or, before they are sent, as they would be now.

    `status`: before sending "planned" or "dropped" (by the host); after, "sent" (numbers
    exchanged), "dropped", and with double opt-in "offered" (no answer yet), "accepted"
    (one side said yes: `answered_by`), "declined" (`answered_by` said no), "expired".
    """
    stored = _stored(session, event)
    if _sent(session, event, stored):
        return _sent_rows(session, stored)
    return _planned_rows(introductions.choose(session, event)) + [
        _row(m, "dropped") for m in stored
    ]


def _stored(session: orm.Session, event: Event) -> list[Match]:
    return list(session.scalars(select(Match).where(Match.event_id == event.id).order_by(Match.id)))


def _sent(session: orm.Session, event: Event, stored: list[Match]) -> bool:
    run = session.get(MatchRun, event.id)
    return bool(run and run.sent_at) or any(m.status not in introductions.DROPPED for m in stored)


def _row(m: Match, status: str, answered_by: int | None = None) -> dict[str, object]:
    return {"learner_id": m.learner_id, "teacher_id": m.teacher_id, "learn": m.learn,
            "teach": m.teach, "score": round(m.score, 3), "mutual": m.mutual,
            "status": status, "answered_by": answered_by}  # fmt: skip


def _planned_rows(planned: list[introductions.Planned]) -> list[dict[str, object]]:
    return [
        {"learner_id": p.learner.id, "teacher_id": p.teacher.id, "learn": p.learner.learn,
         "teach": p.teacher.teach, "score": round(p.score, 3), "mutual": p.mutual,
         "status": "planned", "answered_by": None}
        for p in planned
    ]  # fmt: skip


def _sent_rows(session: orm.Session, stored: list[Match]) -> list[dict[str, object]]:
    """Each stored match with where it stands now (offers answered, run out)."""
    answers = _answers(session, [m.id for m in stored])
    firsts: dict[frozenset[int | None], int] = {}
    for m in stored:
        firsts.setdefault(frozenset((m.learner_id, m.teacher_id)), m.id)
    now = utcnow()
    rows = []
    for m in stored:
        # A mutual pair's offers hang on its first row.
        offers = answers.get(firsts[frozenset((m.learner_id, m.teacher_id))], [])
        said = {answer: person for person, answer, _ in offers if answer}
        status, by = m.status, None
        if status in introductions.DROPPED:
            status = "dropped"
        elif status == "declined":
            by = said.get("no")
        elif status == "offered" and any(as_utc(expires) < now for _, _, expires in offers):
            status = "expired"
        elif status == "offered" and "yes" in said:
            status, by = "accepted", said["yes"]
        rows.append(_row(m, status, by))
    return rows


def _answers(session: orm.Session, match_ids: list[int]) -> dict[int, list[tuple]]:
    """Each match's offers: (attendee id, answer or None, expires at)."""
    found: dict[int, list[tuple]] = {}
    rows = session.execute(
        select(MatchOffer.match_id, MatchOffer.attendee_id, MatchOffer.answer,
               MatchOffer.expires_at).where(MatchOffer.match_id.in_(match_ids))
    )  # fmt: skip
    for match_id, person, answer, expires in rows:
        found.setdefault(match_id, []).append((person, answer, expires))
    return found
