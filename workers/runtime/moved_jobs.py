"""Jobs queued under a path that has since moved are queued again under the new one.

RQ keeps a job's function as its dotted path. A deploy that moves a job's module would
leave the jobs queued before it (introductions scheduled for tomorrow, a round being
planned, texts waiting to be handed off) pointing at a path that no longer imports, and
they would fail. The worker calls `requeue_moved` as it starts, before it takes a job:
each such job's record is rewritten under the new path, keeping its id, arguments,
timeout, and its place in the queue or its time in the schedule.
"""

import logging
from collections.abc import Callable

from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job

from workers.intros import introductions
from workers.outbox import delivery
from workers.rounds import seating

log = logging.getLogger(__name__)

# Where each job lived before the move to one folder per concept (issue 14).
MOVED: dict[str, Callable[..., object]] = {
    "workers.rounds.plan": seating.plan,
    "workers.matches.send": introductions.send,
    "workers.matches.embed_answers": introductions.embed_answers,
    "workers.delivery.deliver": delivery.deliver,
}
LOCK_SECONDS = 60  # one worker at a time moves jobs; the lock ends by itself if it dies


def requeue_moved(jobs: Queue) -> int:
    """Point the jobs waiting under a moved path at the new one; how many."""
    moved = 0
    with jobs.connection.lock("tablemates:requeue-moved", timeout=LOCK_SECONDS):
        for job_id in [*jobs.get_job_ids(), *jobs.scheduled_job_registry.get_job_ids()]:
            try:
                job = Job.fetch(job_id, connection=jobs.connection)
            except NoSuchJobError:
                continue  # taken or removed meanwhile
            if job.func_name not in MOVED:
                continue
            # The job's record is written again in place under the same id: its place in
            # the queue or the schedule is untouched, so there is no moment it is missing.
            again = Job.create(
                MOVED[job.func_name], args=job.args, kwargs=job.kwargs, timeout=job.timeout,
                id=job.id, origin=job.origin, status=job.get_status(),
                description=job.description, connection=jobs.connection,
            )  # fmt: skip
            again.enqueued_at = job.enqueued_at
            again.save()
            moved += 1
    if moved:
        log.info("queued %d job(s) again under their new paths", moved)
    return moved
