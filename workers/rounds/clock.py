"""The round clock: when a round of a set length ends, and how many minutes are left."""

import math
from datetime import datetime, timedelta


def ends_at(started_at: datetime, minutes: int | None) -> datetime | None:
    """When a round that started at `started_at` and lasts `minutes` ends; None: no length set."""
    if not minutes or minutes <= 0:
        return None
    return started_at + timedelta(minutes=minutes)


def minutes_left(started_at: datetime, minutes: int | None, now: datetime) -> int | None:
    """Whole minutes left in the round, rounded up (30 s left is 1), never below 0; None: no
    length set."""
    end = ends_at(started_at, minutes)
    if end is None:
        return None
    seconds = (end - now).total_seconds()
    return max(0, math.ceil(seconds / 60))
