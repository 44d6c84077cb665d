"""A worker process stops when told to, however it was started."""

import os
import signal
import time

from rq import Worker

from tests.conftest import spawn_worker, stop_worker


def test_a_worker_started_with_sigterm_ignored_still_stops_on_sigterm(
    database_url, redis_url, redis, tmp_path
):
    # Supervisors and CI runners may start children with SIGTERM ignored. A SIGTERM that
    # arrives just after the worker registers, before RQ installs its handlers, used to be
    # lost, and the worker ran on, taking jobs nobody meant it to take.
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    ignore_sigterm = lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN)  # noqa: E731
    process = spawn_worker(env, log_path, preexec_fn=ignore_sigterm)
    deadline = time.monotonic() + 60
    while not Worker.all(connection=redis) and time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        time.sleep(0.002)
    assert Worker.all(connection=redis), "the worker never registered"
    stop_worker(process, log_path, timeout=10)
    assert process.returncode is not None
