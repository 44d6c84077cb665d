"""`python -m workers`: run an RQ worker (with the scheduler) on the tablemates queue.

Beside the worker a sweeper thread re-queues outbox rows that were never handed off
(Redis was down when they were written, or a worker died mid-send), and about once an
hour erases the personal data of events whose retention has passed (workers.retention).
"""

import logging
import signal
import sys
import threading
import time

from rq import SimpleWorker

import models
from service import config, logs
from workers import delivery, retention
from workers.queues import connect, queue

log = logging.getLogger("workers")


def sweep_forever(redis_url: str, interval: float, stop: threading.Event) -> None:
    """Sweep the outbox now and every interval seconds, and purge events past their
    retention a minute after starting and every hour, until stopped."""
    # Here rather than as a scheduled RQ job: it needs no Redis, never queues behind a
    # round's texts, and each worker checking once an hour costs one small query. The
    # first check waits a minute, so a starting (or quickly stopped) worker does no more.
    next_purge = time.monotonic() + retention.FIRST_CHECK_SECONDS
    while True:
        try:
            swept = delivery.sweep(redis_url)
            if swept:
                log.info("sweeper queued %d text(s) that were never handed off", swept)
        except Exception:
            log.exception("sweep failed; trying again in %.0f s", interval)
        if time.monotonic() >= next_purge:
            next_purge = time.monotonic() + retention.CHECK_SECONDS
            try:
                retention.purge_due()
            except Exception:
                log.exception("retention check failed; trying again in an hour")
        if stop.wait(interval):
            return


def main() -> int:
    """Run one worker until it is told to stop."""
    # A supervisor may start us with SIGTERM ignored (the disposition is inherited). RQ
    # installs its graceful handlers only after the worker has registered, so a SIGTERM
    # in between would be lost and the worker would run on: until then, the default.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    logs.install()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # one line per request
    settings = config.load()
    url = config.redis_url(settings)
    if url is None:
        print("REDIS_URL is not set and no embedded Redis is running: start `tablemates dev`")
        return 2
    models.configure(str(settings["DATABASE_URL"]))
    stop = threading.Event()
    sweeper = threading.Thread(
        target=sweep_forever, args=(url, float(settings["SWEEP_SECONDS"]), stop), daemon=True
    )
    sweeper.start()
    connection = connect(url, blocking=True)
    try:
        # Jobs run in this process, not in a forked work horse: forking while the sweeper
        # thread holds a lock (the connection pool's, logging's) can hang the child.
        SimpleWorker([queue(connection)], connection=connection).work(with_scheduler=True)
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
