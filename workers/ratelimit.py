"""A texts-per-second limit shared by every worker, kept in Redis."""

import time

from redis import Redis

KEY = "tablemates:sent-in-second"


def wait_for_slot(connection: Redis, per_second: float) -> int:
    """Block until this process may hand one more text to the provider; return the second."""
    limit = max(1, int(per_second))
    while True:
        now = time.time()
        second = int(now)
        key = f"{KEY}:{second}"
        with connection.pipeline() as pipe:
            count, _ = pipe.incr(key).expire(key, 5).execute()
        if count <= limit:
            return second
        time.sleep(second + 1 - now)
