"""`python -m workers`: run an RQ worker (with the scheduler) on the tablemates queue."""

import logging
import sys

from rq import Worker

import models
from service import config
from workers.queues import connect, queue


def main() -> int:
    """Run one worker until it is told to stop."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = config.load()
    url = config.redis_url(settings)
    if url is None:
        print("REDIS_URL is not set and no embedded Redis is running: start `tablemates dev`")
        return 2
    models.configure(str(settings["DATABASE_URL"]))
    connection = connect(url)
    worker = Worker([queue(connection)], connection=connection)
    worker.work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
