"""The engine and the one sessionmaker; the caller owns each session's lifecycle."""

import os
import sqlite3
import time

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import sessionmaker

Session = sessionmaker(expire_on_commit=False)
BUSY_SECONDS = 30.0  # how long a SQLite statement waits for another writer before failing
IDLE_PING_SECONDS = 1.0  # a pooled connection idle this long is checked before it is used


def normalise_url(url: str) -> str:
    """Accept Heroku-style postgres:// URLs and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and serialised writes.

    Errors never show the statement's parameters: they hold phone numbers and answers,
    and an error ends up in a log.
    """
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True)
        ping_when_idle(engine, IDLE_PING_SECONDS)
        return engine
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transactions into our own hands so BEGIN IMMEDIATE below is honoured.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL never corrupts; it may lose the last commits on power loss.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # One writer at a time, decided at BEGIN, so two texts never interleave a read-then-write.
        begin_immediate(connection.connection.driver_connection)

    return engine


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before use only when it has sat idle, not on every checkout.

    SQLAlchemy's pool_pre_ping costs a round trip per request: a sixth of a webhook's time
    under load (py-spy). A connection in steady use is not pinged; one that broke while in
    use fails its statement, which invalidates the pool, and the webhook goes again.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool drops this connection and checks out another (a fresh one if need be).
            raise DisconnectionError("the connection was closed while idle") from error


def begin_immediate(dbapi_connection: sqlite3.Connection, timeout: float = BUSY_SECONDS) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock in short steps.

    SQLite's own busy handler sleeps 1, 2, 5, 10, ... ms between tries, long after the
    other writer has let go: with two web workers taking texts, a quarter of each worker's
    time went to those sleeps (py-spy). Here a try is made every 0.1 ms, growing to 2 ms.
    """
    deadline = time.monotonic() + timeout
    delay = 0.0001
    dbapi_connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.002)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")


def bound_engine() -> Engine:
    """The engine that configure() bound the sessionmaker to."""
    return Session.kw["bind"]


def configure(url: str) -> Engine:
    """Bind the sessionmaker to a database URL and return the engine."""
    engine = make_engine(url)
    Session.configure(bind=engine)
    # An RQ work horse is a fork: it must not share the parent's pooled connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine
