"""A texts-per-second limit shared by every worker, kept in Redis."""

import time

from redis import Redis

KEY = "tablemates:sent-in-second"


def wait_for_slot(connection: Redis, per_second: float, count: int = 1) -> int:
    """Block until this process may hand `count` more texts (at most the limit) to the
    provider within one second; return that second."""
    limit = max(1, int(per_second))
    wanted = min(count, limit)
    while True:
        now = time.time()
        second = int(now)
        key = f"{KEY}:{second}"
        with connection.pipeline() as pipe:
            used, _ = pipe.incrby(key, wanted).expire(key, 5).execute()
        if used <= limit:
            return second
        time.sleep(second + 1 - now)
