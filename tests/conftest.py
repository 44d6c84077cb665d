"""Fixtures: a real database (SQLite, or PostgreSQL from DATABASE_URL) and a real Redis.

With no environment the suite uses a SQLite file and the embedded Redis; `.ci/run` runs it
again with DATABASE_URL and REDIS_URL pointing at the machine's PostgreSQL and Redis.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import uuid

# Keep the instance folder (secret key, SQLite file) out of the checkout.
os.environ.setdefault("TABLEMATES_INSTANCE", tempfile.mkdtemp(prefix="tablemates-instance-"))

import pytest
from twilio.request_validator import RequestValidator

from models import Base
from models.migrate import upgrade
from service import create_app
from tests.databases import fresh_database
from workers.runtime.embedded_redis import EmbeddedRedis
from workers.runtime.queues import connect

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
SERVICE_NUMBER = "+15550100199"


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


def make_app(database_url, redis_url, **overrides):
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": SERVICE_NUMBER,
        "PUBLIC_URL": None,
        "REHEARSAL": False,
    }
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture
def app(database_url, redis_url):
    """The app with Twilio credentials set, so webhooks must be signed."""
    app = make_app(database_url, redis_url)
    yield app
    _empty_tables(app)
    app.extensions["engine"].dispose()


@pytest.fixture
def rehearsal_app(database_url, redis_url):
    """The app with no Twilio credentials: rehearsal mode."""
    app = make_app(
        database_url, redis_url, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None, REHEARSAL=True
    )
    yield app
    _empty_tables(app)
    app.extensions["engine"].dispose()


def _empty_tables(app):
    with app.extensions["engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Phone:
    """A phone texting the service through the signed webhook, as Twilio would post it."""

    def __init__(self, client, number, to=SERVICE_NUMBER, url=None):
        self.client, self.number, self.to = client, number, to
        public_url = client.application.config.get("PUBLIC_URL") if client else None
        self.url = url or f"{public_url or 'http://localhost'}/sms"

    def params(self, body, **extra):
        params = {
            "MessageSid": f"SM{uuid.uuid4().hex}",
            "AccountSid": ACCOUNT_SID,
            "From": self.number,
            "To": self.to,
            "Body": body,
            "NumMedia": "0",
        }
        params.update(extra)
        return params

    def post(self, params, headers=None, **kwargs):
        signature = RequestValidator(AUTH_TOKEN).compute_signature(self.url, params)
        headers = {"X-Twilio-Signature": signature, **(headers or {})}
        return self.client.post("/sms", data=params, headers=headers, **kwargs)

    def text(self, body, **extra):
        """Send a text; return the reply's words ("" when the service says nothing)."""
        response = self.post(self.params(body, **extra))
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        return reply_text(response.data)


def reply_text(xml: bytes) -> str:
    """The message in a TwiML answer, or "" for an empty <Response/>."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml)
    assert root.tag == "Response"
    return " ".join(message.text or "" for message in root.iter("Message"))


def form_token(html: str) -> str:
    """The CSRF token in a page's form (Flask-WTF's hidden csrf_token field)."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def phone(client):
    return Phone(client, "+14165550142")


@pytest.fixture
def event(app):
    """An event open on the service's number, with the default questions and an age range."""
    from models import Session
    from workers.events.editing import create_event

    with Session() as session:
        event = create_event(
            session, "Folk Night", "FOLK", questions=["Age range?|Under 25|25-39|40-59|60+"]
        )
        session.commit()
        return event


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
    _empty_tables(app)
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


def spawn_worker(env, log_path, **popen):
    """`python -m workers` in its own process group (so a test can SIGKILL it together
    with RQ's forked scheduler), logging to log_path."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "workers"],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
            **popen,
        )


def stop_worker(process, log_path=None, timeout=20.0):
    """SIGTERM a worker started in its own session; fail loudly if it does not stop.

    A worker that outlives its test would take later tests' jobs from the shared Redis,
    so on a timeout the whole process group is killed before the test fails.
    """
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log = log_path.read_text()[-4000:] if log_path else ""
        pytest.fail(f"the worker did not stop within {timeout:.0f} s of SIGTERM\n{log}")


@pytest.fixture
def folk(live_app):
    """An open event on the live app: tables of 5, three rounds."""
    from models import Session
    from workers.events.editing import create_event

    with Session() as session:
        event = create_event(session, "Folk Night", "FOLK", table_size=5, rounds=3)
        session.commit()
        return event
