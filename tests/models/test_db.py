"""SQLite: one writer at a time; a waiting writer starts when the lock is free, or gives up."""

import sqlite3
import threading
import time

import pytest

from models.db import begin_immediate


@pytest.fixture
def two_connections(tmp_path):
    path = tmp_path / "w.sqlite3"
    first, second = (
        sqlite3.connect(path, isolation_level=None, check_same_thread=False) for _ in range(2)
    )
    first.execute("PRAGMA journal_mode=WAL")
    yield first, second
    first.close()
    second.close()


def test_a_second_writer_waits_then_gives_up_with_database_locked(two_connections):
    first, second = two_connections
    begin_immediate(first)
    start = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_immediate(second, timeout=0.2)
    assert 0.2 <= time.monotonic() - start < 2
    # The normal busy timeout is back for the statements that follow.
    assert second.execute("PRAGMA busy_timeout").fetchone()[0] == 30000


def test_a_waiting_writer_starts_once_the_lock_is_released(two_connections):
    first, second = two_connections
    begin_immediate(first)
    released = []

    def release_soon():
        time.sleep(0.05)
        released.append(time.monotonic())
        first.execute("COMMIT")

    threading.Thread(target=release_soon).start()
    begin_immediate(second, timeout=5)
    assert released, "the second writer began while the first still held the lock"
    second.execute("COMMIT")
    # How soon after the release it starts (the point of polling ourselves, rather than
    # SQLite's busy handler) is measured by bench/webhook, not asserted here.
