"""The worker process: an RQ worker that always stops soon after SIGTERM, and beside it
two threads, the outbox sweeper and the scheduler of jobs queued for later.

Platforms send SIGTERM and, about 30 s later, SIGKILL. Three things used to hold a
worker past that, and each is closed here:

- RQ stops the thread that listens for its commands with redis-py's
  `PubSubWorkerThread.stop()`, which (redis-py 8.2) waits without a limit for the thread
  to exit. That thread wakes only on a message or after 60 s, and the reply to RQ's own
  UNSUBSCRIBE, read before the thread was told to stop, is the message it can miss: the
  worker then hung for up to a minute after "unsubscribing from channel". `Worker.
  unsubscribe` below tells the thread to stop first, so that reply is what wakes it.
- RQ's scheduler runs in a process forked from this one while the sweeper thread may
  hold a lock (a connection pool's, the logging module's); a child forked then can hang
  on it and never exit, and RQ waits for it without a limit. The scheduler runs here as
  a thread instead: nothing is forked at all.
- A job running at SIGTERM is finished first (warm shutdown), but a job waiting on a
  slow Twilio could run on for minutes: after JOB_GRACE_SECONDS it is interrupted (RQ's
  cold shutdown). Delivery is exactly-once even then: the sweeper re-queues the texts
  the job had claimed and not sent, and asks Twilio before sending any again.
"""

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from rq.exceptions import StopRequested
from rq.scheduler import RQScheduler

from workers.intros import reembedding
from workers.outbox import delivery
from workers.retention import expiry
from workers.runtime.moved_jobs import requeue_moved
from workers.runtime.queues import QUEUE_NAME

log = logging.getLogger("workers")

# How long a job running at SIGTERM may go on before it is interrupted. Together with
# the teardown (a second or two) this keeps a worker well inside 10 s of SIGTERM.
JOB_GRACE_SECONDS = 6.0
# How often queued-for-later jobs (the introductions at a set time) are looked for.
SCHEDULE_SECONDS = 1  # whole seconds: RQ sets its lock's expiry from it
# How long stopping waits for each helper thread; they are daemons, so a thread still
# busy after that (a slow query) ends with the process.
THREAD_JOIN_SECONDS = 1.0


class Worker(SimpleWorker):
    """RQ's SimpleWorker (jobs run in this process: nothing is forked while threads hold
    locks), with a bounded stop."""

    # Set by a SIGTERM or SIGINT that comes while RQ is still starting (registering,
    # subscribing), before it installs its own handlers: the worker then stops as soon as
    # its loop begins, and leaves nothing registered behind.
    stop_before_first_job = False

    def stop_when_started(self, signum: int, frame: object) -> None:
        self.stop_before_first_job = True

    def check_for_suspension(self, burst: bool) -> None:
        # The first thing RQ's loop does on each turn, after its handlers are installed.
        if self.stop_before_first_job:
            self.log.info("Worker %s: stopping, as asked while starting", self.name)
            raise StopRequested
        super().check_for_suspension(burst)

    def handle_warm_shutdown_request(self) -> None:
        super().handle_warm_shutdown_request()
        # RQ treats a second SIGTERM as a cold shutdown: it interrupts the job (which is
        # recorded as failed) and exits. Send it ourselves if the first has not been
        # enough by then; if the worker has already exited, the timer dies with it.
        timer = threading.Timer(JOB_GRACE_SECONDS, os.kill, (os.getpid(), signal.SIGTERM))
        timer.daemon = True
        timer.start()

    def unsubscribe(self) -> None:
        thread = self.pubsub_thread
        if thread is None:
            return
        self.log.info("Worker %s: unsubscribing from its command channel", self.name)
        thread.stop(timeout=0)  # lower its flag now, without waiting for it
        # The reply wakes the thread, which then sees its flag. If the connection is
        # gone, the thread's read fails and it stops all the same.
        with contextlib.suppress(RedisError):
            self.pubsub.unsubscribe()
        thread.join(timeout=THREAD_JOIN_SECONDS)


def every(interval: float, stop: threading.Event, step: Callable[[], None]) -> None:
    """Run step now and every interval seconds until stop is set; a failing step is
    logged and tried again at the next turn."""
    while not stop.is_set():
        try:
            step()
        except Exception:
            log.exception("%s failed; trying again in %.0f s", step.__name__, interval)
        stop.wait(interval)


class Sweeper:
    """Re-queues outbox rows never handed off (Redis was down when they were written, or
    a worker died mid-send), and about once an hour erases the personal data of events
    whose retention has passed.

    Here rather than as a scheduled RQ job: it needs no Redis, never queues behind a
    round's texts, and each worker checking once an hour costs one small query. The first
    retention check waits a minute, so a starting (or quickly stopped) worker does no more.
    """

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.next_purge = time.monotonic() + expiry.FIRST_CHECK_SECONDS

    def sweep(self) -> None:
        swept = delivery.sweep(self.redis_url)
        if swept:
            log.info("sweeper queued %d text(s) that were never handed off", swept)
        if time.monotonic() >= self.next_purge:
            self.next_purge = time.monotonic() + expiry.CHECK_SECONDS
            expiry.purge_due()


class Scheduler:
    """RQ's scheduler run step by step in a thread of this process, through its public
    methods: the worker holding the queue's lock moves jobs whose time has come onto the
    queue; the others try to take the lock over every ten minutes, as RQ's own do."""

    def __init__(self, connection: Redis) -> None:
        self.rq = RQScheduler([QUEUE_NAME], connection=connection, interval=SCHEDULE_SECONDS)

    def schedule(self) -> None:
        if self.rq.should_reacquire_locks:
            self.rq.acquire_locks()
            if self.rq.acquired_locks:
                self.rq.register_birth()
        if self.rq.acquired_locks:
            self.rq.heartbeat()
            self.rq.enqueue_scheduled_jobs()

    def release(self) -> None:
        """Give the lock back, so another worker's scheduler takes over at once."""
        try:
            if self.rq.acquired_locks:
                self.rq.stop()
        except RedisError:
            pass  # the lock expires by itself a minute after the last heartbeat


def run(jobs: Queue, redis_url: str, sweep_seconds: float) -> None:
    """Work the queue until SIGTERM or SIGINT, with the sweeper and the scheduler beside."""
    requeue_moved(jobs)  # jobs queued before a deploy moved their module
    try:
        reembedding.queue_if_stale(jobs)  # vectors stored by an earlier matcher
    except Exception:  # the database may still be starting: the job can wait a restart
        log.exception("could not check for stale answer vectors")
    worker = Worker([jobs], connection=jobs.connection)
    signal.signal(signal.SIGTERM, worker.stop_when_started)
    signal.signal(signal.SIGINT, worker.stop_when_started)
    stop = threading.Event()
    scheduler = Scheduler(jobs.connection)
    threads = [
        threading.Thread(
            target=every, args=(sweep_seconds, stop, Sweeper(redis_url).sweep), daemon=True
        ),
        threading.Thread(
            target=every, args=(SCHEDULE_SECONDS, stop, scheduler.schedule), daemon=True
        ),
    ]
    for thread in threads:
        thread.start()
    try:
        worker.work()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=THREAD_JOIN_SECONDS)
        scheduler.release()
