"""A worker process stops when told to, however it was started."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from rq import Queue, Worker
from rq.scheduler import RQScheduler

from tests.helpers import spawn_worker, stop_worker
from workers.runtime.queues import QUEUE_NAME


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


def _wait_until_registered(process, log_path, redis, count=1):
    deadline = time.monotonic() + 60
    while len(Worker.all(connection=redis)) < count:
        assert process.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, "the worker never registered"
        time.sleep(0.01)


def _stop_within(process, log_path, seconds):
    started = time.monotonic()
    stop_worker(process, log_path, timeout=seconds)
    return time.monotonic() - started


@pytest.fixture
def cpu_load():
    """Two processes spinning on the CPU (the machine has two cores) for the test's length:
    the hangs this catches were races that a loaded machine made likely."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    yield
    for spinner in spinners:
        spinner.kill()
        spinner.wait()


def test_a_worker_stops_within_10_s_of_sigterm_idle_busy_or_stuck_many_times_under_load(
    app, redis_url, redis, tmp_path, cpu_load
):
    # Platforms SIGKILL about 30 s after SIGTERM. Each start here is stopped at another
    # moment: just registered, between short jobs, and inside a job that would run for a
    # minute (a Twilio that stopped answering), which is interrupted after the grace.
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": redis_url}
    env["SWEEP_SECONDS"] = "0.2"  # the sweeper busy too: it was the thread alive at fork
    jobs = Queue(QUEUE_NAME, connection=redis)
    slowest = 0.0
    for attempt in range(6):  # each of the three moments twice
        redis.flushdb()
        log_path = tmp_path / f"worker-{attempt}.log"
        process = spawn_worker(env, log_path)
        _wait_until_registered(process, log_path, redis)
        kind = attempt % 3
        if kind == 1:
            for _ in range(40):
                jobs.enqueue(time.sleep, 0.05)
            time.sleep(0.5)
        elif kind == 2:
            stuck = jobs.enqueue(time.sleep, 60)
            deadline = time.monotonic() + 20
            while stuck.get_status(refresh=True) != "started":
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.02)
        else:
            time.sleep(0.1 * attempt)
        slowest = max(slowest, _stop_within(process, log_path, 10))
        assert process.returncode is not None
        assert not Worker.all(connection=redis), log_path.read_text()[-3000:]
    assert slowest < 10


def test_the_scheduler_lock_is_given_back_on_stop_so_the_next_worker_schedules_at_once(
    app, redis_url, redis, tmp_path
):
    # The scheduler runs as a thread of the worker (nothing forked). Stopping gives its
    # lock back; a lock left behind would leave timed introductions unsent for a minute.
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": redis_url}
    log_path = tmp_path / "worker.log"
    process = spawn_worker(env, log_path)
    _wait_until_registered(process, log_path, redis)
    lock = RQScheduler.get_locking_key(QUEUE_NAME)
    deadline = time.monotonic() + 20
    while not redis.exists(lock):
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.02)
    stop_worker(process, log_path, timeout=10)
    assert not redis.exists(lock)


def test_a_job_queued_for_later_is_run_by_the_worker_when_its_time_comes(
    app, redis_url, redis, tmp_path
):
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": redis_url}
    log_path = tmp_path / "worker.log"
    process = spawn_worker(env, log_path)
    try:
        job = Queue(QUEUE_NAME, connection=redis).enqueue_in(timedelta(seconds=1), len, "abc")
        deadline = time.monotonic() + 30
        while job.get_status(refresh=True) != "finished":
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        assert job.return_value() == 3
    finally:
        stop_worker(process, log_path, timeout=10)
