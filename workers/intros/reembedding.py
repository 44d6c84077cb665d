"""Stored answer vectors made by an older matcher are made again, by one RQ job.

When `workers.matching.VECTOR_VERSION` changes, a worker starting after the deploy
queues `reembed_stale` once for that version, so the after-event job finds fresh vectors
instead of embedding a whole event inside its own transaction.
"""

import logging

from redis import Redis
from rq import Queue
from sqlalchemy import delete, select

from models import AnswerVector, Attendee, Session
from workers import matching
from workers.intros import introductions

log = logging.getLogger(__name__)

BATCH = 64
# Two workers starting together queue it once; a worker starting after this long queues
# it again if stale vectors are still there (the job failed or was lost).
GUARD_SECONDS = 3600


def _stale_ids(limit: int) -> list[int]:
    with Session() as session:
        return list(
            session.scalars(
                select(AnswerVector.attendee_id)
                .where(AnswerVector.version != matching.VECTOR_VERSION)
                .distinct()
                .order_by(AnswerVector.attendee_id)
                .limit(limit)
            )
        )


def reembed_stale(batch: int = BATCH) -> int:
    """RQ job: embed again every stored vector of another version, a batch of people per
    transaction; return how many people's vectors were renewed."""
    done = 0
    while ids := _stale_ids(batch):
        with Session() as session:
            people = list(session.scalars(select(Attendee).where(Attendee.id.in_(ids))))
            introductions.vectors(session, people)
            # An answer since erased leaves its old vector behind: drop it.
            session.execute(
                delete(AnswerVector).where(
                    AnswerVector.attendee_id.in_(ids),
                    AnswerVector.version != matching.VECTOR_VERSION,
                )
            )
            session.commit()
        done += len(ids)
    if done:
        log.info("re-embedded the answers of %d people for %s", done, matching.VECTOR_VERSION)
    return done


def queue_if_stale(jobs: Queue) -> bool:
    """Queue `reembed_stale` when stored vectors are of another version, once per version
    across workers; return whether it was queued."""
    if not _stale_ids(1):
        return False
    connection: Redis = jobs.connection
    key = f"tablemates:reembed:{matching.VECTOR_VERSION}"
    if not connection.set(key, 1, nx=True, ex=GUARD_SECONDS):
        return False
    jobs.enqueue(reembed_stale, job_timeout=3600)
    return True
