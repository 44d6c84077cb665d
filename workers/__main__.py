"""`python -m workers`: run a worker on the tablemates queue, with the outbox sweeper and
the scheduler beside it (workers.runtime.process)."""

import logging
import signal
import sys

import models
from workers.runtime import process
from workers.runtime.queues import connect, queue
from workers.settings import config, logs


def main() -> int:
    """Run one worker until it is told to stop."""
    # A supervisor may start us with SIGTERM ignored (the disposition is inherited), and
    # a SIGTERM while we start would be lost: until process.run installs its handlers, the
    # default (nothing is registered or locked yet).
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
    process.run(queue(connect(url, blocking=True)), url, float(settings["SWEEP_SECONDS"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
