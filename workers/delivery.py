"""Hand outbox rows to Twilio, each exactly once, whatever dies or retries on the way.

A row is claimed (status "unknown", claimed_at set, committed) before the call to Twilio,
so a worker killed mid-call leaves a row that is reconciled with Twilio, never re-sent.
"""

import logging
import random
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import lru_cache

from redis import Redis
from sqlalchemy import or_, select, update

from models import Attendee, OptOut, OutboundMessage, Session, utcnow
from service import config
from service.status import settle_reports
from workers import twilio_seam
from workers.queues import connect, queue
from workers.ratelimit import wait_for_slot
from workers.twilio_seam import Client

log = logging.getLogger(__name__)
BATCH = 50
THREADS = 8
MAX_ATTEMPTS = 6
FINAL = ("delivered", "undelivered", "failed", "read")


@lru_cache(maxsize=1)
def settings() -> Mapping[str, object]:
    """This process's settings, read once."""
    return config.load()


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


def deliver(message_ids: list[int]) -> None:
    """RQ job: hand these outbox rows to Twilio, several at once, under the shared rate."""
    conf = settings()
    client = None if conf["REHEARSAL"] else twilio_seam.make_client(conf)
    redis_url = config.redis_url(conf)
    limiter = connect(redis_url) if redis_url else None
    with ThreadPoolExecutor(THREADS) as pool:
        for _ in pool.map(lambda i: deliver_one(i, client, limiter, conf), message_ids):
            pass


def deliver_one(
    message_id: int, client: Client | None, limiter: Redis | None, conf: Mapping[str, object]
) -> str | None:
    """Send one outbox row if nobody has; return its status afterwards."""
    row = _claim(message_id, float(conf["OUTBOX_STALE_SECONDS"]))
    if row is None:
        return None
    if row.attempts > 1:
        # A stale claim: a worker died or timed out mid-call. Ask Twilio before sending again.
        found = _find(client, row)
        if found is not None:
            return _finish(message_id, found.status, sid=found.sid)
    with Session() as session:
        opted_out = session.get(OptOut, row.to_number) is not None
    if opted_out:
        return _finish(message_id, "failed", code=twilio_seam.OPTED_OUT)
    if client is None:  # rehearsal: the simulator page shows it
        return _finish(message_id, "delivered", sid=f"SMrehearsal{message_id:024d}")
    return _send(message_id, row, client, limiter, conf)


def _send(
    message_id: int,
    row: OutboundMessage,
    client: Client,
    limiter: Redis | None,
    conf: Mapping[str, object],
) -> str:
    public_url = conf.get("PUBLIC_URL")
    for attempt in range(MAX_ATTEMPTS):
        if limiter is not None:
            wait_for_slot(limiter, float(conf["SMS_PER_SECOND"]))
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
                return _finish(message_id, "failed", code=error.code)
            time.sleep(twilio_seam.backoff(attempt, base=0.2, cap=5.0, rng=random))
            continue
        except twilio_seam.OptedOut:
            _opt_out(row.to_number)
            return _finish(message_id, "failed", code=twilio_seam.OPTED_OUT)
        except twilio_seam.PermanentFailure as error:
            return _finish(message_id, "failed", code=error.code)
        except twilio_seam.Unknown:
            found = _find(client, row)
            if found is None:
                # Left "unknown": the sweeper reconciles it once it is stale, never blindly.
                return "unknown"
            return _finish(message_id, found.status, sid=found.sid)
        return _finish(message_id, sent.status, sid=sent.sid)
    return "failed"  # pragma: no cover - the loop returns


def _claim(message_id: int, stale_seconds: float) -> OutboundMessage | None:
    """Mark a row as being handed off (committed before any call); None if not ours to send."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_seconds)
    with Session() as session:
        claimed = session.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.id == message_id,
                OutboundMessage.twilio_sid.is_(None),
                or_(
                    OutboundMessage.status == "pending",
                    (OutboundMessage.status == "unknown") & (OutboundMessage.claimed_at < stale),
                ),
            )
            .values(status="unknown", claimed_at=now, attempts=OutboundMessage.attempts + 1)
        ).rowcount
        row = session.get(OutboundMessage, message_id) if claimed else None
        session.commit()
        return row


def _find(client: Client | None, row: OutboundMessage) -> twilio_seam.Sent | None:
    if client is None:
        return None
    try:
        return twilio_seam.find_sent(client, to=row.to_number, body=row.body, since=row.created_at)
    except twilio_seam.SendError:
        return None


def _finish(
    message_id: int, status: str, *, sid: str | None = None, code: int | None = None
) -> str:
    """Record how a hand-off ended, then any delivery report that came in before it."""
    with Session() as session:
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == message_id)
            .values(status=status, error_code=code, **({"twilio_sid": sid} if sid else {}))
        )
        session.commit()
    if sid is not None:
        settle_reports(sid)
    return status


def _opt_out(phone: str) -> None:
    """Twilio says this number opted out (21610): record it so it is never texted again."""
    with Session() as session:
        if session.get(OptOut, phone) is None:
            session.add(OptOut(phone=phone))
        session.execute(update(Attendee).where(Attendee.phone == phone).values(opted_out=True))
        session.commit()


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
