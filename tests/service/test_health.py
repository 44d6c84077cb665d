"""GET /healthz: database, Redis and a real worker process."""

import os
import subprocess
import sys
import time

import pytest

from tests.helpers import empty_tables, make_app, open_folk, spawn_worker, stop_worker


@pytest.fixture
def worker(app, database_url, redis_url, redis, tmp_path):
    """A real `python -m workers` process on the test database and Redis."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    log_path = tmp_path / "worker.log"
    process = spawn_worker(env, log_path)
    yield process
    stop_worker(process, log_path)


def wait_for(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_all_up_with_a_worker(client, worker):
    assert wait_for(lambda: client.get("/healthz").status_code == 200), client.get("/healthz").json
    assert client.get("/healthz").json == {"database": "ok", "redis": "ok", "worker": "ok"}


def test_no_worker_is_503(client, redis):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {
        "database": "ok",
        "redis": "ok",
        "worker": "down: no worker is running",
    }


def test_redis_down_is_503(database_url):
    app = make_app(database_url, "redis://127.0.0.1:1/0")
    try:
        response = app.test_client().get("/healthz")
    finally:
        app.extensions["engine"].dispose()
    assert response.status_code == 503
    assert response.json["redis"].startswith("down")
    assert response.json["database"] == "ok"


def test_database_down_is_503(tmp_path, redis_url):
    app = make_app(f"sqlite:///{tmp_path}/missing/dir/x.sqlite3", redis_url)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"].startswith("down")


def test_sign_up_works_while_redis_is_down(database_url):
    from tests.helpers import Phone

    app = make_app(database_url, "redis://127.0.0.1:1/0")
    try:
        open_folk()
        assert "first name" in Phone(app.test_client(), "+14165550142").text("hi")
    finally:
        empty_tables(app)
        app.extensions["engine"].dispose()


def test_the_worker_refuses_to_start_without_redis(tmp_path):
    env = {"TABLEMATES_INSTANCE": str(tmp_path), "PATH": os.environ.get("PATH", "")}
    result = subprocess.run(
        [sys.executable, "-m", "workers"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "REDIS_URL is not set" in result.stdout
