"""Redis connections and the RQ queue every job goes through."""

from collections.abc import Callable
from typing import TypeVar

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import orm

from models import Session

QUEUE_NAME = "tablemates"
T = TypeVar("T")


def connect(url: str, *, blocking: bool = False) -> Redis:
    """Open a Redis connection that fails fast when Redis is down.

    blocking: for the worker's own connection, whose dequeue waits on Redis for minutes.
    """
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=None if blocking else 5)


def queue(connection: Redis) -> Queue:
    """The one queue for rounds, texts and follow-ups."""
    return Queue(QUEUE_NAME, connection=connection)


class QueueUnreachable(Exception):
    """Redis could not take a job. `written`: False, Redis was down and nothing was written;
    True, it was lost after the commit (and the write was undone, when an undo was given)."""

    def __init__(self, written: bool) -> None:
        super().__init__("Redis could not be reached")
        self.written = written


def commit_then_enqueue(
    redis_url: str,
    write: Callable[[orm.Session], T],
    enqueue: Callable[[Queue, T], object],
    undo: Callable[[orm.Session, T], None] | None = None,
) -> T:
    """Write in one transaction and commit, then queue the job that acts on it.

    Redis is pinged first, so a job is rarely lost after its commit; when it is, `undo`
    takes the write back, so the person who asked can simply try again. Errors raised by
    `write` roll it back and propagate.
    """
    connection = connect(redis_url)
    try:
        try:
            connection.ping()
        except RedisError:
            raise QueueUnreachable(written=False) from None
        with Session() as session:
            result = write(session)
            session.commit()
        try:
            enqueue(queue(connection), result)
        except RedisError:
            if undo is not None:
                with Session() as session:
                    undo(session, result)
                    session.commit()
            raise QueueUnreachable(written=True) from None
        return result
    finally:
        connection.close()
