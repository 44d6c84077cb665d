"""The engine and the one sessionmaker; the caller owns each session's lifecycle."""

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

Session = sessionmaker(expire_on_commit=False)


def normalise_url(url: str) -> str:
    """Accept Heroku-style postgres:// URLs and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and serialised writes."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transactions into our own hands so BEGIN IMMEDIATE below is honoured.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL never corrupts; it may lose the last commits on power loss.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # One writer at a time, decided at BEGIN, so two texts never interleave a read-then-write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def configure(url: str) -> Engine:
    """Bind the sessionmaker to a database URL and return the engine."""
    engine = make_engine(url)
    Session.configure(bind=engine)
    # An RQ work horse is a fork: it must not share the parent's pooled connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine
