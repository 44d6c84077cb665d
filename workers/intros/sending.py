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


def match_rows(session: orm.Session, event: Event) -> list[dict[str, object]]:
    """The match-ups as sent, or, before they are sent, as they would be now."""
    sent = session.scalars(select(Match).where(Match.event_id == event.id).order_by(Match.id)).all()
    if sent:
        expired = _expired_offers(session, event.id)
        return [
            {"learner_id": m.learner_id, "teacher_id": m.teacher_id, "learn": m.learn,
             "teach": m.teach, "score": round(m.score, 3), "mutual": m.mutual,
             "status": "expired" if m.status == "offered" and m.id in expired else m.status}
            for m in sent
        ]  # fmt: skip
    return [
        {"learner_id": p.learner.id, "teacher_id": p.teacher.id, "learn": p.learner.learn,
         "teach": p.teacher.teach, "score": round(p.score, 3), "mutual": p.mutual,
         "status": "planned"}
        for p in introductions.choose(session, event)
    ]  # fmt: skip


def _expired_offers(session: orm.Session, event_id: int) -> set[int]:
    """Matches (double opt-in) whose offers ran out before both sides said yes; a mutual
    pair's second row, whose offers hang on the first, goes with it."""
    rows = session.execute(
        select(Match.learner_id, Match.teacher_id, MatchOffer.expires_at)
        .join(MatchOffer, MatchOffer.match_id == Match.id)
        .where(Match.event_id == event_id)
    )
    now = utcnow()
    pairs = {frozenset((a, b)) for a, b, expires_at in rows if as_utc(expires_at) < now}
    matches = session.execute(
        select(Match.id, Match.learner_id, Match.teacher_id).where(Match.event_id == event_id)
    )
    return {match_id for match_id, a, b in matches if frozenset((a, b)) in pairs}
