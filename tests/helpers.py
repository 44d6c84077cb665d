"""What many tests do, as plain functions: texting as Twilio posts, signing people up,
signing a host in, waiting for a worker. The fixtures that use them are in conftest.py."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from models import Base
from service import create_app

TESTS = Path(__file__).resolve().parent  # tests/, with its data/
ROOT = TESTS.parent  # the checkout
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
SERVICE_NUMBER = "+15550100199"
EMAIL, PASSWORD = "ana@example.org", "correct horse battery"

# A sign-up: first text, name, intro skipped, learn, teach, where they work, consent.
ANSWERS = ["hi", "{name}", "skip", "{learn}", "{teach}", "{org}", "yes"]
TOPICS = ["sourdough", "guitar", "python", "chess", "salsa", "knitting", "french", "running"]
NAMES = ["Ana", "Raj", "Lee", "Mia", "Tom", "Zoe", "Kai", "Ben", "Eva", "Noa", "Ivo", "Uma"]
# For introductions: person i wants to learn INTRO_TOPICS[i % 6] and can teach
# INTRO_TOPICS[(i + 2) % 6], so i learns from i - 2.
INTRO_TOPICS = [
    "sourdough baking", "guitar", "python programming", "chess", "salsa dancing", "knitting",
]  # fmt: skip


AGE_RANGE = "Age range?|Under 25|25-39|40-59|60+"


def open_folk(**settings):
    """Create and commit Folk Night (code FOLK), open for sign-up, with these settings."""
    from models import Session
    from workers.events.editing import create_event

    with Session() as session:
        event = create_event(session, "Folk Night", "FOLK", **settings)
        session.commit()
        return event


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


def empty_tables(app):
    with app.extensions["engine"].begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


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
    root = ElementTree.fromstring(xml)
    assert root.tag == "Response"
    return " ".join(message.text or "" for message in root.iter("Message"))


def form_token(html: str) -> str:
    """The CSRF token in a page's form (Flask-WTF's hidden csrf_token field)."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def number(i):
    return f"+1416555{i:04d}"


def sign_up(client, count, start=0, names=None):
    """Sign people up through the signed webhook, answering every question; person i is
    called names[i], or P{i}."""
    for i in range(start, start + count):
        phone = Phone(client, number(i))
        name = names[i] if names else f"P{i}"
        for template in ANSWERS:
            phone.text(template.format(name=name, learn=TOPICS[i % 8],
                                       teach=TOPICS[(i + 3) % 8], org=f"Org{i % 13}"))  # fmt: skip


def sign_up_for_intros(client, i, consent="yes"):
    """Sign person i up at an event with no org question (INTRO_TOPICS's pattern)."""
    phone = Phone(client, number(i))
    for text in ["hi", NAMES[i], "skip", INTRO_TOPICS[i % 6], INTRO_TOPICS[(i + 2) % 6], consent]:
        phone.text(text)


def wait_until(check, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def round_texts(emulator, kind_prefix="Round"):
    """Accepted texts per recipient."""
    return Counter(m["to"] for m in emulator.accepted if m["body"].startswith(kind_prefix))


def cli(live_app, *args):
    return live_app.test_cli_runner().invoke(args=list(args))


def start_round(live_app, code="FOLK", wait=True):
    waiting = ["--wait", "--timeout", "60"] if wait else []
    result = cli(live_app, "round", "start", code, *waiting)
    assert result.exit_code == 0, result.output
    return result.output


def tables_of(live_app, code="FOLK"):
    result = cli(live_app, "export", "tables", code, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def sign_in(client, email=EMAIL, password=PASSWORD, headers_for=None, **form):
    """Post the sign-in form; headers_for: an X-Forwarded-For header to send with it."""
    headers = {"X-Forwarded-For": headers_for} if headers_for else {}
    token = form_token(client.get("/admin/login", headers=headers).get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token, **form}
    return client.post("/admin/login", data=data, headers=headers)


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(client, path, **data):
    token = form_token(page(client, "/admin/events/FOLK/"))
    return client.post(path, data={"csrf_token": token, **data})


def busiest_window(times: list[float], seconds: float = 1.0) -> int:
    """The most grants in any window of `seconds` (sliding, not calendar seconds)."""
    times = sorted(times)
    start, busiest = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= seconds:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


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
