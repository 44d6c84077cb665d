"""Fixtures: a real database (SQLite, or PostgreSQL from DATABASE_URL) and a real Redis.

With no environment the suite uses a SQLite file and the embedded Redis; `.ci/run` runs it
again with DATABASE_URL and REDIS_URL pointing at the machine's PostgreSQL and Redis.
"""

import os
import tempfile

# Keep the instance folder (secret key, SQLite file) out of the checkout.
os.environ.setdefault("TABLEMATES_INSTANCE", tempfile.mkdtemp(prefix="tablemates-instance-"))

import pytest

from models.migrate import upgrade
from tests.databases import fresh_database
from tests.helpers import (
    ACCOUNT_SID,
    AGE_RANGE,
    AUTH_TOKEN,
    EMAIL,
    PASSWORD,
    SERVICE_NUMBER,
    Phone,
    empty_tables,
    make_app,
    open_folk,
    sign_in,
    spawn_worker,
    stop_worker,
)
from workers.runtime.embedded_redis import EmbeddedRedis
from workers.runtime.queues import connect


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh, migrated database for this test run."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db')}/t.sqlite3"
    with fresh_database(url) as test_url:
        upgrade(test_url)
        yield test_url


@pytest.fixture(scope="session")
def redis_url():
    """REDIS_URL, or an embedded Redis started for this run."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    with EmbeddedRedis() as server:
        yield server.url


@pytest.fixture
def redis(redis_url):
    connection = connect(redis_url)
    connection.flushdb()
    yield connection
    connection.close()


@pytest.fixture
def app(database_url, redis_url):
    """The app with Twilio credentials set, so webhooks must be signed."""
    app = make_app(database_url, redis_url)
    yield app
    empty_tables(app)
    app.extensions["engine"].dispose()


@pytest.fixture
def rehearsal_app(database_url, redis_url):
    """The app with no Twilio credentials: rehearsal mode."""
    app = make_app(
        database_url, redis_url, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None, REHEARSAL=True
    )
    yield app
    empty_tables(app)
    app.extensions["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def phone(client):
    return Phone(client, "+14165550142")


@pytest.fixture
def event(app):
    """An event open on the service's number, with the default questions and an age range."""
    return open_folk(questions=[AGE_RANGE])


@pytest.fixture
def emulator():
    """A local Twilio-compatible server with our test credentials."""
    from tests.twilio_emulator import TwilioEmulator

    with TwilioEmulator(ACCOUNT_SID, AUTH_TOKEN, service_number=SERVICE_NUMBER) as emulator:
        yield emulator


def _closes_what_it_serves(app):
    """The app, with each response read whole and closed before werkzeug's server sends it.

    When a browser hangs up mid-file, werkzeug's development server raises while tidying
    the socket and skips closing the response, leaving a static file open (gunicorn, which
    serves production, does not). Pages and htmx are small, so reading them whole is cheap.
    """

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


@pytest.fixture
def live_app(database_url, redis_url, emulator, redis):
    """The app served on a real loopback port, so Twilio's status callbacks can reach it."""
    import threading

    from werkzeug.serving import make_server

    app = make_app(database_url, redis_url, TWILIO_API_BASE_URL=emulator.base_url)
    server = make_server("127.0.0.1", 0, _closes_what_it_serves(app), threaded=True)
    server.daemon_threads = False  # so server_close() waits for requests still running
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    emulator.drain()  # status callbacks still on their way
    server.shutdown()
    server.server_close()
    thread.join()
    empty_tables(app)
    app.extensions["engine"].dispose()


@pytest.fixture
def start_worker(live_app, emulator, tmp_path):
    """Start real `python -m workers` processes against the live app's settings."""
    processes = []

    def start(**overrides):
        env = {
            **os.environ,
            "DATABASE_URL": live_app.config["DATABASE_URL"],
            "REDIS_URL": live_app.config["REDIS_URL"],
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_FROM_NUMBER": SERVICE_NUMBER,
            "TWILIO_API_BASE_URL": emulator.base_url,
            "PUBLIC_URL": live_app.config["PUBLIC_URL"],
            "SMS_PER_SECOND": "5000",
            "TWILIO_HTTP_TIMEOUT": "1",
            "OUTBOX_STALE_SECONDS": "2",
            "SWEEP_SECONDS": "0.5",
            **overrides,
        }
        log_path = tmp_path / f"worker-{len(processes)}.log"
        process = spawn_worker(env, log_path)
        processes.append((process, log_path))
        return process

    yield start
    for process, log_path in processes:
        stop_worker(process, log_path)


@pytest.fixture
def folk(live_app):
    """An open event on the live app: tables of 5, three rounds."""
    return open_folk(table_size=5, rounds=3)


@pytest.fixture
def signed_in(live_app):
    """A signed-in host's browser (Flask's test client) on the live app, and an event."""
    from models import Session
    from workers.hosts.accounts import create_host

    with Session() as session:
        create_host(session, EMAIL, PASSWORD)
        session.commit()
    open_folk(table_size=4, rounds=3)
    client = live_app.test_client()
    assert sign_in(client).status_code == 302
    return client
