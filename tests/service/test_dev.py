"""`tablemates dev` with no environment at all: SQLite, embedded Redis, rehearsal mode."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT, form_token

SCRIPT = str(Path(sys.executable).parent / "tablemates")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


def stop_dev(process):
    """Ctrl-C, as a host would; the output, or a failure with it if dev does not stop."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        try:  # its worker and Redis may still hold the pipe open
            output = process.communicate(timeout=5)[0]
        except subprocess.TimeoutExpired:
            output = ""
        pytest.fail(f"tablemates dev did not stop within 30 s of Ctrl-C\n{output}")


@pytest.fixture
def bare_env(tmp_path):
    """Only what a newcomer's shell has: no database, Redis or Twilio settings."""
    return {"PATH": os.environ.get("PATH", ""), "TABLEMATES_INSTANCE": str(tmp_path / "instance")}


def test_dev_runs_everything_and_stops_cleanly_on_ctrl_c(bare_env, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [SCRIPT, "dev", "--port", str(port)],
        env=bare_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and get(f"{base}/healthz")[0] != 200:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
        status, body = get(f"{base}/healthz")
        assert status == 200, body
        created = subprocess.run(
            [SCRIPT, "event", "create", "Folk Night", "--code", "FOLK"],
            env=bare_env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        # The simulator's form carries a CSRF token tied to the session cookie, as a browser's.
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(f"{base}/simulator", timeout=10) as response:
            token = form_token(response.read().decode())
        text = {"phone": "+15550100001", "body": "hi", "csrf_token": token}
        form = urllib.parse.urlencode(text).encode()
        browser.open(f"{base}/simulator", data=form, timeout=10).close()
        status, page = get(f"{base}/simulator?phone=%2B15550100001")
        assert status == 200 and "Welcome to Folk Night" in page
        assert (tmp_path / "instance" / "tablemates.sqlite3").exists()
    finally:
        output = stop_dev(process)
    assert "phone simulator: " + base + "/simulator" in output
    assert "host's pages:    " + base + "/admin" in output
    redis_port = int(re.search(r"redis: +redis://127.0.0.1:(\d+)", output).group(1))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", redis_port), timeout=1).close()
    assert not (tmp_path / "instance" / "redis.url").exists()
    assert "stopped" in output


@pytest.mark.skipif(not shutil.which("make"), reason="no make on this machine")
def test_make_dev_takes_another_port():
    dry_run = subprocess.run(
        ["make", "-n", "dev", "PORT=5001"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "tablemates dev --port 5001" in dry_run.stdout


def ignore_ctrl_c_and_sigterm():
    """What a shell does for a background job (SIGINT), and some supervisors (SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@pytest.mark.parametrize("inherited", ["default", "ignored"])
def test_dev_uses_the_given_database_and_redis(bare_env, database_url, redis_url, redis, inherited):
    # "ignored": started with SIGINT and SIGTERM ignored, Ctrl-C still stops it in order.
    port = free_port()
    env = {**bare_env, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    process = subprocess.Popen(
        [SCRIPT, "dev", "--port", str(port)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
        preexec_fn=ignore_ctrl_c_and_sigterm if inherited == "ignored" else None,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and get(f"http://127.0.0.1:{port}/healthz")[0] != 200:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
    finally:
        output = stop_dev(process)
    assert f"redis:           {redis_url}" in output
    assert "stopped" in output
    assert not (Path(bare_env["TABLEMATES_INSTANCE"]) / "tablemates.sqlite3").exists()
