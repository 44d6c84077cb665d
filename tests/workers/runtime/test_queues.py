"""Commit, then enqueue; undo when Redis is lost in between."""

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import delete, func, select

from models import Event, Session
from workers.runtime.queues import QueueUnreachable, commit_then_enqueue, queue

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def add_event(session):
    event = Event(name="Folk", code="FOLK")
    session.add(event)
    session.flush()
    return event.id


def remove_event(session, event_id):
    session.execute(delete(Event).where(Event.id == event_id))


def events():
    with Session() as session:
        return session.scalar(select(func.count(Event.id)))


def test_the_write_is_committed_and_its_job_queued(app, redis, redis_url):
    event_id = commit_then_enqueue(
        redis_url, add_event, lambda jobs, eid: jobs.enqueue(len, [eid]), remove_event
    )
    assert events() == 1
    [job] = queue(redis).jobs
    assert job.args == ([event_id],)


def test_with_redis_down_nothing_is_written(app):
    with pytest.raises(QueueUnreachable) as raised:
        commit_then_enqueue(NOWHERE, add_event, lambda jobs, eid: jobs.enqueue(len, [eid]))
    assert raised.value.written is False and events() == 0


def test_redis_lost_after_the_commit_undoes_the_write(app, redis_url):
    def lost(_jobs, _event_id):
        raise RedisConnectionError("Connection reset by peer")

    with pytest.raises(QueueUnreachable) as raised:
        commit_then_enqueue(redis_url, add_event, lost, remove_event)
    assert raised.value.written is True and events() == 0
    with pytest.raises(QueueUnreachable):
        commit_then_enqueue(redis_url, add_event, lost)  # no undo: the write stays
    assert events() == 1
