"""Hand outbox rows to Twilio, each exactly once, whatever dies or retries on the way.

A row is claimed (status "unknown", claimed_at set, committed) before the call to Twilio,
so a worker killed mid-call leaves a row that is reconciled with Twilio, never re-sent.
"""

import logging
import random
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from redis import Redis
from sqlalchemy import bindparam, func, or_, select, update

from models import OptOut, OutboundMessage, Session, StatusReport, utcnow
from workers.outbox import twilio_seam
from workers.outbox.delivery_reports import settle_reports
from workers.outbox.ratelimit import wait_for_slot
from workers.outbox.twilio_seam import Client
from workers.people.optouts import set_opted_out
from workers.people.phones import is_simulated
from workers.runtime.queues import connect, queue
from workers.settings import config

log = logging.getLogger(__name__)
outbound = OutboundMessage.__table__
BATCH = 50  # rows per delivery job
CHUNK = 32  # rows claimed together, then sent at once by the threads
THREADS = 8
OPTED_OUT = twilio_seam.OPTED_OUT
MAX_ATTEMPTS = 6
FINAL = ("delivered", "undelivered", "failed", "read")


@lru_cache(maxsize=1)
def settings() -> Mapping[str, object]:
    """This process's settings, read once."""
    return config.load()


@lru_cache(maxsize=1)
def _clients() -> tuple[Client | None, Redis | None]:
    """One Twilio client (its connection pool shared by the threads) and one Redis per process."""
    conf = settings()
    client = None if conf["REHEARSAL"] else twilio_seam.make_client(conf)
    redis_url = config.redis_url(conf)
    return client, connect(redis_url) if redis_url else None


def enqueue(message_ids: Iterable[int], redis_url: str | None = None) -> int:
    """Queue delivery of outbox rows in batches; return how many jobs were queued."""
    ids = list(message_ids)
    url = redis_url or config.redis_url(settings())
    if not ids or url is None:
        return 0
    connection = connect(url)
    jobs_queue = queue(connection)
    with connection.pipeline() as pipe:
        for start in range(0, len(ids), BATCH):
            jobs_queue.enqueue(deliver, ids[start : start + BATCH], pipeline=pipe, job_timeout=600)
        pipe.execute()
    connection.close()
    return (len(ids) + BATCH - 1) // BATCH


@dataclass(frozen=True)
class Claimed:
    """An outbox row this worker has marked as being handed off."""

    id: int
    to_number: str
    body: str
    created_at: datetime
    reclaimed: bool  # claimed before by someone who never finished: ask Twilio first
    claimed_at: datetime


@dataclass(frozen=True)
class Outcome:
    id: int
    status: str  # "unknown": leave the claim for the sweeper to reconcile
    sid: str | None = None
    code: int | None = None


def deliver(message_ids: list[int]) -> None:
    """RQ job: hand these outbox rows to Twilio, several at once, under the shared rate."""
    conf = settings()
    client, limiter = _clients()
    # Claimed rows go out within a second or so, well before OUTBOX_STALE_SECONDS.
    chunk = max(1, min(CHUNK, int(float(conf["SMS_PER_SECOND"]))))
    with ThreadPoolExecutor(THREADS) as pool:
        previous: Sending | None = None
        for start in range(0, len(message_ids), chunk):
            # The next chunk is claimed and queued before the last one is waited for, so
            # the threads never stand idle at a chunk's end.
            sending = hand_off(message_ids[start : start + chunk], client, limiter, conf, pool)
            if previous is not None:
                previous.record()
            previous = sending
        if previous is not None:
            previous.record()


@dataclass
class Sending:
    """A chunk on its way: outcomes known already, and texts still with the threads."""

    outcomes: list[Outcome]
    futures: list[Future[Outcome]]

    def record(self) -> list[Outcome]:
        """Wait for the chunk's texts and write how each went."""
        outcomes = self.outcomes + [future.result() for future in self.futures]
        _record(outcomes)
        return outcomes


def hand_off(
    ids: list[int],
    client: Client | None,
    limiter: Redis | None,
    conf: Mapping[str, object],
    pool: ThreadPoolExecutor,
) -> Sending:
    """Claim rows and start sending the ones nobody has sent."""
    claimed = _claim(ids, float(conf["OUTBOX_STALE_SECONDS"]))
    opted_out = _opted_out({row.to_number for row in claimed}) if claimed else set()
    outcomes = [
        Outcome(r.id, "failed", code=OPTED_OUT) for r in claimed if r.to_number in opted_out
    ]
    to_send = [row for row in claimed if row.to_number not in opted_out]
    # Rehearsal, or the simulator's own numbers: the simulator page shows them.
    simulated = [r for r in to_send if client is None or is_simulated(r.to_number)]
    outcomes += [Outcome(r.id, "delivered", f"SMrehearsal{r.id:024d}") for r in simulated]
    to_send = [row for row in to_send if row not in simulated]
    if client is None or not to_send:
        return Sending(outcomes, [])
    futures = [pool.submit(_send, row, client, limiter, conf) for row in to_send]
    return Sending(outcomes, futures)


def _send(
    row: Claimed, client: Client, limiter: Redis | None, conf: Mapping[str, object]
) -> Outcome:
    """Hand one text to Twilio, retrying what may be retried; never send one twice."""
    if row.reclaimed:
        found = _find(client, row)
        if found is not None:
            return Outcome(row.id, found.status, found.sid)
    public_url = conf.get("PUBLIC_URL")
    stale = timedelta(seconds=float(conf["OUTBOX_STALE_SECONDS"]))
    for attempt in range(MAX_ATTEMPTS):
        # Were the claim to go stale while this text waits (for the rate, after a backoff),
        # another worker could take the row and send it too. So an aging claim is renewed,
        # before the wait (no database write between a slot and its request), and again
        # after a wait so long that the claim aged anyway. A lost claim: the row is the
        # new owner's.
        fresh = _fresh(row, stale / 4)
        if fresh is not None and limiter is not None:
            wait_for_slot(limiter, float(conf["SMS_PER_SECOND"]))
            fresh = _fresh(fresh, stale / 2)
        if fresh is None:
            return Outcome(row.id, "unknown")
        row = fresh
        try:
            sent = twilio_seam.send(
                client,
                to=row.to_number,
                body=row.body,
                from_number=conf.get("TWILIO_FROM_NUMBER"),
                messaging_service_sid=conf.get("TWILIO_MESSAGING_SERVICE_SID"),
                status_callback=f"{public_url}/sms/status" if public_url else None,
                validity_period=int(conf["SMS_VALIDITY_SECONDS"]),
            )
        except twilio_seam.RetryLater as error:
            if attempt == MAX_ATTEMPTS - 1:
                return Outcome(row.id, "failed", code=error.code)
            time.sleep(twilio_seam.backoff(attempt, base=0.2, cap=5.0, rng=random))
            continue
        except twilio_seam.OptedOut:
            return Outcome(row.id, "failed", code=OPTED_OUT)
        except twilio_seam.PermanentFailure as error:
            return Outcome(row.id, "failed", code=error.code)
        except twilio_seam.Unknown:
            found = _find(client, row)
            # Not found: left "unknown" for the sweeper to reconcile once stale; never resent.
            return Outcome(row.id, found.status, found.sid) if found else Outcome(row.id, "unknown")
        return Outcome(row.id, sent.status, sent.sid)
    return Outcome(row.id, "failed")  # pragma: no cover - the loop returns


def _claim(ids: list[int], stale_seconds: float) -> list[Claimed]:
    """Mark rows as being handed off, committed before any call; skip rows that are not ours."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_seconds)
    with Session() as session:
        rows = session.execute(
            update(outbound)
            .where(
                outbound.c.id.in_(ids),
                outbound.c.twilio_sid.is_(None),
                or_(
                    outbound.c.status == "pending",
                    (outbound.c.status == "unknown") & (outbound.c.claimed_at < stale),
                ),
            )
            .values(status="unknown", claimed_at=now, attempts=outbound.c.attempts + 1)
            .returning(
                outbound.c.id,
                outbound.c.to_number,
                outbound.c.body,
                outbound.c.created_at,
                outbound.c.attempts,
            )
        ).all()
        session.commit()
    return [Claimed(r.id, r.to_number, r.body, r.created_at, r.attempts > 1, now) for r in rows]


def _fresh(row: Claimed, max_age: timedelta) -> Claimed | None:
    """The claim, renewed if older than max_age; None if another worker has taken the row."""
    return row if utcnow() - row.claimed_at <= max_age else _renew(row)


def _renew(row: Claimed) -> Claimed | None:
    """Stamp our claim afresh, unless someone has re-claimed the row meanwhile (None)."""
    now = utcnow()
    with Session() as session:
        renewed = session.execute(
            update(outbound)
            .where(outbound.c.id == row.id, outbound.c.claimed_at == row.claimed_at)
            .values(claimed_at=now)
        ).rowcount
        session.commit()
    return replace(row, claimed_at=now) if renewed else None


def _opted_out(numbers: set[str]) -> set[str]:
    with Session() as session:
        return set(session.scalars(select(OptOut.phone).where(OptOut.phone.in_(numbers))))


def _find(client: Client, row: Claimed) -> twilio_seam.Sent | None:
    try:
        return twilio_seam.find_sent(client, to=row.to_number, body=row.body, since=row.created_at)
    except twilio_seam.SendError:
        return None


def _record(outcomes: list[Outcome]) -> None:
    """Write how each hand-off ended, in one transaction, then settle early reports."""
    done = [o for o in outcomes if o.status != "unknown"]
    if not done:
        return
    with Session() as session:
        session.execute(
            update(outbound)
            .where(outbound.c.id == bindparam("row_id"))
            .values(
                status=bindparam("new_status"),
                error_code=bindparam("code"),
                twilio_sid=func.coalesce(bindparam("sid"), outbound.c.twilio_sid),
            ),
            [{"row_id": o.id, "new_status": o.status, "code": o.code, "sid": o.sid} for o in done],
        )
        opted = {o.id for o in done if o.code == OPTED_OUT}
        if opted:
            # Twilio says these numbers opted out: never text them again.
            query = select(outbound.c.to_number).where(outbound.c.id.in_(opted))
            set_opted_out(session, session.scalars(query), True)
        sids = [o.sid for o in done if o.sid]
        early = set(
            session.scalars(select(StatusReport.twilio_sid).where(StatusReport.twilio_sid.in_(sids)))
        ) if sids else set()  # fmt: skip
        session.commit()
    for sid in early:
        settle_reports(sid)


def sweep(redis_url: str | None = None) -> int:
    """Re-queue rows never handed off (Redis was down, a worker died); return how many.

    While delivery jobs are still waiting in the queue the rows are on their way: the
    sweep waits until the queue is empty, so a big fan-out is not queued twice.
    """
    url = redis_url or config.redis_url(settings())
    if url is None:
        return 0
    connection = connect(url)
    try:
        if queue(connection).count:
            return 0
    finally:
        connection.close()
    now = utcnow()
    stale = fresh = now - timedelta(seconds=float(settings()["OUTBOX_STALE_SECONDS"]))
    with Session() as session:
        ids = session.scalars(
            select(OutboundMessage.id)
            .where(
                OutboundMessage.twilio_sid.is_(None),
                or_(
                    (OutboundMessage.status == "pending") & (OutboundMessage.created_at < fresh),
                    (OutboundMessage.status == "unknown") & (OutboundMessage.claimed_at < stale),
                ),
            )
            .order_by(OutboundMessage.id)
        ).all()
    enqueue(ids, url)
    return len(ids)
