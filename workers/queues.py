"""Redis connections and the RQ queue every job goes through."""

from redis import Redis
from rq import Queue

QUEUE_NAME = "tablemates"


def connect(url: str, *, blocking: bool = False) -> Redis:
    """Open a Redis connection that fails fast when Redis is down.

    blocking: for the worker's own connection, whose dequeue waits on Redis for minutes.
    """
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None if blocking else 5)


def queue(connection: Redis) -> Queue:
    """The one queue for rounds, texts and follow-ups."""
    return Queue(QUEUE_NAME, connection=connection)
