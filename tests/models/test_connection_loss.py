"""PostgreSQL restarts and failovers: a dropped connection loses no text and costs no error.

Pooled connections are checked only after sitting idle (models.db.ping_when_idle); one
that breaks while in steady use fails its statement and the webhook goes again.
"""

import contextlib
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from models import Attendee, InboundMessage, Session, normalise_url
from models.db import ping_when_idle
from tests.helpers import Phone, make_app, reply_text
from workers.texts import replies


@pytest.fixture
def postgres_url(database_url):
    if not database_url.startswith("postgres"):
        pytest.skip("a dropped server connection is a PostgreSQL matter (CI's second pass)")
    return normalise_url(database_url)


def drop_connections(url: str, pids: list[int] | None = None) -> None:
    """Terminate server connections to the test database, as a restart would."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        mine = connection.scalar(text("SELECT pg_backend_pid()"))
        others = connection.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
        doomed = [pid for pid in others if pid != mine and (pids is None or pid in pids)]
        for pid in doomed:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            alive = connection.scalars(text("SELECT pid FROM pg_stat_activity")).all()
            if not set(doomed) & set(alive):
                break
            time.sleep(0.05)
    admin.dispose()


def test_a_text_after_the_connection_dropped_is_handled_not_apologised_for(
    postgres_url, event, phone
):
    assert "first name" in phone.text("hi").lower()
    drop_connections(postgres_url)  # the pooled connection is now dead, and was just in use
    reply = phone.text("Ana")
    assert reply != replies.SORRY
    assert "Ana" in reply
    with Session() as session:
        assert session.scalar(select(Attendee.name).where(Attendee.phone == phone.number)) == "Ana"
        texts = select(func.count()).where(InboundMessage.from_number == phone.number)
        assert session.scalar(texts) == 2


def connection_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


@contextlib.contextmanager
def engine_pinging_after(url: str, idle_seconds: float):
    """An engine whose pooled connection has just been dropped by the server."""
    engine = create_engine(url)
    ping_when_idle(engine, idle_seconds)
    try:
        before = connection_pid(engine)
        drop_connections(url, [before])
        yield engine, before
    finally:
        engine.dispose()


def test_an_idle_connection_is_checked_and_replaced_before_use(postgres_url):
    with engine_pinging_after(postgres_url, idle_seconds=0.0) as (engine, before):
        assert connection_pid(engine) != before  # no error reached the caller


def test_a_connection_in_steady_use_is_not_pinged(postgres_url):
    """The saving: no round trip before each use. A break shows on the statement itself."""
    with engine_pinging_after(postgres_url, idle_seconds=3600.0) as (engine, before):
        with pytest.raises(DBAPIError) as raised, engine.connect() as connection:
            connection.scalar(text("SELECT 1"))
        assert raised.value.connection_invalidated
        assert connection_pid(engine) != before  # the pool has moved on


def test_with_the_database_unreachable_a_text_is_answered_kindly_not_with_an_error(
    database_url, redis_url
):
    unreachable = make_app("postgresql://postgres@127.0.0.1:9/nowhere?connect_timeout=2", redis_url)
    try:
        phone = Phone(unreachable.test_client(), "+14165550142")
        response = phone.post(phone.params("hi"))
        assert response.status_code == 200 and response.mimetype == "text/xml"
        assert reply_text(response.data) == replies.SORRY
    finally:
        unreachable.extensions["engine"].dispose()
        make_app(database_url, redis_url)  # the other tests' database again
