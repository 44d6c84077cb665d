"""Handing texts the admin pages just wrote to delivery."""

from flask import current_app
from redis.exceptions import RedisError

from workers.outbox import delivery
from workers.settings.config import redis_url

REDIS_DOWN = "Redis is down: they go out as soon as it is back."


def queue_texts(ids: list[int]) -> bool:
    """Queue the texts; False when Redis is down (they wait in the outbox, and the worker's
    sweeper sends them when it is back)."""
    try:
        delivery.enqueue(ids, redis_url(current_app.config))
    except RedisError:
        return False
    return True
