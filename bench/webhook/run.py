"""Benchmark one sign-up step through POST /sms under gunicorn, next to a bare Flask endpoint.

    .venv/bin/python bench/webhook/run.py [--database-url URL] [--seconds 10] [--rate 200] [--floor]
        [--gunicorn-config python:service.gunicorn_conf]

Both apps run under the same gunicorn settings on loopback: 2 sync workers, or with
--gunicorn-config that config's (the bench's own bind, access log off). A closed loop
of client threads measures throughput, the apps taking turns in one-second slices, so a
machine that speeds up or slows down during the run (a shared host does) moves both alike;
then an open loop at a fixed rate measures p50/p99 latency from each request's scheduled
time (so a stall is not hidden by a waiting client).
Every request is a signed Twilio webhook that moves one attendee a step through sign-up.
With --floor, a third app (floor.py) makes the same database round trips as raw DBAPI calls
with nothing else, for reference: how much of a step is the database itself.
"""

import argparse
import http.client
import importlib
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's `tests` helpers live beside it

from tests.databases import fresh_database  # noqa: E402

TOKEN = "bench-auth-token"
NUMBERS = itertools.count(1)
STEPS = ["hi", "Ana", "I bake bread. I sing.", "guitar", "sourdough", "Acme", "yes"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    app_spec: str, env: dict[str, str], chdir: Path, settings: list[str]
) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), *settings, "--bind",
         f"127.0.0.1:{port}", "--chdir", str(chdir), "--log-level", "warning", app_spec],
        env=env, cwd=ROOT,  # a config module is imported from here, before --chdir
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"gunicorn for {app_spec} did not start")


class SignUps:
    """An endless supply of signed webhook posts, each one sign-up step for some phone."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/sms"
        self.validator = RequestValidator(TOKEN)
        self.numbers = NUMBERS  # shared: every phone is new, however many loops run
        self.lock = threading.Lock()

    def phone(self):
        """Yield (body, headers) for one new phone, step by step, then endless LEARN updates."""
        with self.lock:
            number = f"+1416{next(self.numbers):07d}"
        for body in itertools.chain(STEPS, (f"LEARN topic {i}" for i in itertools.count())):
            params = {"MessageSid": f"SM{uuid.uuid4().hex}", "From": number,
                      "To": "+15550100199", "Body": body, "NumMedia": "0"}  # fmt: skip
            signature = self.validator.compute_signature(self.url, params)
            headers = {"X-Twilio-Signature": signature,
                       "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
            yield urllib.parse.urlencode(params), headers


def post(port: int, body: str, headers: dict[str, str]) -> float:
    """POST once on a new connection (the servers close it anyway); return seconds taken."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/sms", body, headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"status {response.status}")
    return time.perf_counter() - start


def taking_turns(ports: list[int], seconds: float, slice_seconds: float = 1.0) -> list[float]:
    """Requests per second of each server, measured in turns of `slice_seconds` each."""
    rates: list[list[float]] = [[] for _ in ports]
    for _ in range(max(1, round(seconds / slice_seconds))):
        for rate, port in zip(rates, ports, strict=True):
            rate.append(closed_loop(port, slice_seconds))
    return [statistics.fmean(rate) for rate in rates]


def closed_loop(port: int, seconds: float, threads: int = 8) -> float:
    """Requests per second with `threads` clients sending back to back."""
    supply = SignUps(port)
    done = [0] * threads
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        steps = supply.phone()
        while time.monotonic() < stop:
            body, headers = next(steps)
            post(port, body, headers)
            done[index] += 1
            if done[index] % 12 == 0:
                steps = supply.phone()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    start = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.monotonic() - start)


def open_loop(port: int, rate: float, seconds: float) -> list[float]:
    """Latencies (s) of requests sent at a fixed rate, measured from their scheduled time."""
    supply = SignUps(port)
    total = int(rate * seconds)
    latencies: list[float] = []
    lock = threading.Lock()
    bodies = []
    for _ in range(total // len(STEPS) + 1):
        bodies.extend(itertools.islice(supply.phone(), len(STEPS)))
    # Keep each phone's steps in order: phone k's step s goes out at slot s * phones + k.
    phones = total // len(STEPS) + 1
    order = [bodies[k * len(STEPS) + s] for s in range(len(STEPS)) for k in range(phones)][:total]
    start = time.perf_counter() + 0.2

    def send(i: int) -> None:
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        body, headers = order[i]
        post(port, body, headers)
        with lock:
            latencies.append(time.perf_counter() - scheduled)

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(send, range(total)))
    return latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument(
        "--floor", action="store_true", help="also measure bench/webhook/floor.py (raw DBAPI)"
    )
    parser.add_argument(
        "--gunicorn-config",
        metavar="python:MODULE",
        help="run every app with this gunicorn config (default: 2 sync workers)",
    )
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="tablemates-bench-"))
    with fresh_database(
        args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}", "tablemates_bench"
    ) as url:
        run(args, instance, url)


def prepare(instance: Path, database_url: str) -> dict[str, str]:
    """Migrate the database and open an event on the number the texts go to; return the
    environment the app runs in (signed webhooks, this database and instance folder)."""
    env = {**os.environ, "TABLEMATES_INSTANCE": str(instance), "DATABASE_URL": database_url,
           "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": TOKEN,
           "PUBLIC_URL": ""}  # fmt: skip
    tablemates = str(Path(sys.executable).parent / "tablemates")
    subprocess.run([tablemates, "db", "upgrade"], env=env, check=True, capture_output=True)
    code = f"B{uuid.uuid4().hex[:8].upper()}"
    subprocess.run([tablemates, "event", "create", "Bench", "--code", code, "--number",
                    "+15550100199"], env=env, check=True, capture_output=True)  # fmt: skip
    return env


def gunicorn_settings(spec: str | None, instance: Path) -> tuple[list[str], str]:
    """Command-line settings for every server, and how to describe them. A config runs
    through a wrapper in the instance folder that turns its access log off: a log line
    per request, even to /dev/null, costs the small endpoints the most."""
    if spec is None:
        return ["--workers", "2"], "2 sync workers"
    module = spec.removeprefix("python:")
    wrapper = instance / "gunicorn_bench_conf.py"
    wrapper.write_text(f"from {module} import *  # noqa: F403\naccesslog = None\n")
    conf = importlib.import_module(module)
    threads = f" x {conf.threads} threads" if conf.worker_class == "gthread" else ""
    return ["-c", str(wrapper)], f"{spec}: {conf.workers} {conf.worker_class} workers{threads}"


def run(args: argparse.Namespace, instance: Path, database_url: str) -> None:
    """Set up the database and both servers, measure, and print a table."""
    env = prepare(instance, database_url)
    settings, described = gunicorn_settings(args.gunicorn_config, instance)
    here = Path(__file__).parent
    ours, ours_port = start_gunicorn("service:create_app()", env, ROOT, settings)
    bare, bare_port = start_gunicorn("bare:create_app()", env, here, settings)
    servers = [(bare, bare_port), (ours, ours_port)]
    if args.floor:
        servers.append(start_gunicorn("floor:create_app()", env, here, settings))
    measured = []
    try:
        for _, port in servers:  # warm up all
            closed_loop(port, 1.0)
        rps = taking_turns([port for _, port in servers], args.seconds)
        latencies = [open_loop(port, args.rate, args.seconds) for _, port in servers]
        measured = list(zip(rps, latencies, strict=True))
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait()
    backend = database_url.split(":", 1)[0]
    print(f"database: {backend}; gunicorn {described}; {os.cpu_count()} cores")
    rate = f"{args.rate:.0f}/s"
    print(f"| endpoint | closed-loop req/s | p50 ms @ {rate} | p99 ms @ {rate} |")
    print("|---|---|---|---|")
    names = ["bare TwiML", "sign-up step", "raw DBAPI floor (same round trips, no ORM, no logic)"]
    for name, (rps, lat) in zip(names, measured, strict=False):
        print(f"| {name} | {rps:.0f} | {percentile(lat, 50) * 1000:.1f} | "
              f"{percentile(lat, 99) * 1000:.1f} |")  # fmt: skip
    (bare_rps, _), (ours_rps, _) = measured[:2]
    print(f"ratio (sign-up step / bare): {ours_rps / bare_rps:.2f}")
    if args.floor:
        print(f"ratio (raw DBAPI floor / bare): {measured[2][0] / bare_rps:.2f}")


if __name__ == "__main__":
    main()
