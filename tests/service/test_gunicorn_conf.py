"""The web process as the Procfile runs it (gunicorn with service/gunicorn_conf.py), against
slow and oversized requests."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ACCOUNT_SID, AUTH_TOKEN, ROOT, SERVICE_NUMBER, Phone, reply_text

PROCFILE = ROOT / "Procfile"


def _procfile_web_command() -> list[str]:
    for line in PROCFILE.read_text().splitlines():
        if line.startswith("web:"):
            words = line.removeprefix("web:").split()
            return [str(Path(sys.executable).parent / words[0]), *(w.strip("'") for w in words[1:])]
    raise AssertionError("the Procfile has no web process")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def web(app, tmp_path):
    """gunicorn started with the Procfile's own command, in production mode."""
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": SERVICE_NUMBER,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("REDIS_URL", None)
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            _procfile_web_command(), env=env, stdout=log, stderr=log, cwd=PROCFILE.parent
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                connection.getresponse().read()  # any answer: the app is up
                connection.close()
                break
            except OSError:
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _text(port: int, number: str, body: str) -> tuple[float, str]:
    """Post a signed text as Twilio would; the seconds it took and the reply."""
    phone = Phone(None, number, url=f"http://127.0.0.1:{port}/sms")
    params = phone.params(body)
    signature = phone_signature(phone, params)
    request = urllib.request.Request(
        phone.url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        xml = response.read()
    return time.monotonic() - started, reply_text(xml)


def phone_signature(phone: Phone, params: dict[str, str]) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(AUTH_TOKEN).compute_signature(phone.url, params)


class SlowClient(threading.Thread):
    """Posts a forged webhook a byte at a time, as an attacker or a dying connection would."""

    def __init__(self, port: int, length: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(
            f"POST /sms HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: forged\r\nContent-Length: {length}\r\n\r\nB".encode()
        )
        self.stop = stop

    def run(self) -> None:
        with self.sock:
            while not self.stop.wait(0.5):
                try:
                    self.sock.sendall(b"x")
                except OSError:
                    return


def test_slow_clients_do_not_hold_up_a_real_text(web):
    baseline, reply = _text(web, "+14165550170", "hello")
    assert reply
    stop = threading.Event()
    # More slow clients than gunicorn has workers: with sync workers, two were enough to
    # make a real text wait 30 s.
    slow = [SlowClient(web, 50_000, stop) for _ in range(4)]
    for client in slow:
        client.start()
    try:
        time.sleep(1.5)  # every slow client is inside a request by now
        for attempt in range(3):
            took, reply = _text(web, f"+1416555018{attempt}", "hello")
            assert reply
            assert took < baseline + 1.0, f"a real text waited {took:.1f} s behind slow clients"
    finally:
        stop.set()


def test_a_body_declared_too_large_is_refused_before_it_is_sent(web):
    with socket.create_connection(("127.0.0.1", web), timeout=10) as sock:
        sock.sendall(
            b"POST /sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 209715200\r\n\r\n"
        )
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
