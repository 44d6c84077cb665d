"""Benchmark a round's fan-out: from starting a round to every text handed to Twilio.

    .venv/bin/python bench/fanout/run.py [--database-url URL] [--redis-url URL] [--repeats 3]

A local Twilio-compatible server (tests/twilio_emulator.py) runs in its own process, as do
the RQ workers (`python -m workers`). For N=2000 people and 1, then 2, workers we time
start_round to the last text the server accepted, next to a plain loop of
`twilio_seam.send` calls with the same number of threads (8 per worker) against the same
server, in the same run. At N=500 we time start_round to the first text accepted. At
N=2000, with people who answered the workplace question (colleagues kept apart), we time
start_round to the first text accepted twice: with the plan the host's preview stored
(what Send does; the preview itself is not timed), and with the round planned at start
(the CLI's `round start`), as the baseline. Everyone's learn and teach answers have
their vectors stored, as the worker's embed job stores them when the texts arrive (the
round's texts carry learn/teach lines scored on them). Each figure is the median of
--repeats runs. SQLite in a temporary folder by default; a
PostgreSQL URL gets a fresh database for the run. An embedded Redis unless --redis-url
(whose database is flushed).
"""

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from redis import Redis
from rq import Worker
from sqlalchemy import insert

import models
from models import Answer, AnswerVector, Attendee, Event, Session, migrate
from workers import matching
from workers.events import event_status
from workers.events.editing import create_event
from workers.outbox import twilio_seam
from workers.rounds.starting import progress, start_round
from workers.runtime.embedded_redis import EmbeddedRedis
from workers.texts.round_text import round_text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the project's `tests` helpers live beside it

from tests.databases import fresh_database  # noqa: E402

ACCOUNT_SID, TOKEN, FROM = "AC" + "0" * 32, "bench-auth-token", "+15550100199"
LEARN = ["sourdough", "guitar", "python", "chess", "salsa", "watercolour", "spanish"]
TEACH = ["sourdough bread", "chess openings", "knitting", "spanish", "sql", "guitar chords"]
# Each answer's vector, as the worker's embed_answers job stores it when the text arrives.
VECTORS = {
    (kind, text): vector.tobytes()
    for kind, texts in (("learn", LEARN), ("teach", TEACH))
    for text, vector in zip(texts, matching.embed_many(texts), strict=True)
}
TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def stopping(processes: list[subprocess.Popen]):
    """Yield; then stop every process (politely, then by force)."""
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Emulator:
    """The local Twilio server in its own process, counted through its stats endpoint."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.twilio_emulator", "--port", str(self.port),
             "--account-sid", ACCOUNT_SID, "--auth-token", TOKEN],
            cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.connection: http.client.HTTPConnection | None = None
        deadline = time.monotonic() + 30
        while True:
            try:
                self.accepted()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the Twilio emulator did not start") from None
                time.sleep(0.05)

    def accepted(self) -> int:
        """How many texts the server has accepted so far (one kept-alive connection)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            self.connection.request("GET", "/_emulator/stats")
            return json.loads(self.connection.getresponse().read())["accepted"]
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise


@contextlib.contextmanager
def running_workers(count: int, env: dict[str, str], redis: Redis, logs: Path):
    """Start `count` worker processes, wait until each has registered; stop them after."""
    processes: list[subprocess.Popen] = []
    with stopping(processes):
        for i in range(count):
            log = (logs / f"worker-{count}-{i}.log").open("w")
            command = [sys.executable, "-m", "workers"]
            processes.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        deadline = time.monotonic() + 30
        while Worker.count(connection=redis) < count:
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                raise RuntimeError(f"workers did not start; see {logs}")
            time.sleep(0.1)
        yield processes


def new_event(people: int, orgs: bool = False) -> int:
    """Commit an event with `people` attendees who finished sign-up; return its id.
    orgs: each answers the workplace question (colleagues in groups of 2 to 5, kept apart)."""
    with Session() as session:
        event = create_event(session, "Bench", f"F{uuid.uuid4().hex[:10].upper()}")
        session.flush()
        rows = [
            {"event_id": event.id, "phone": f"+1416555{i:04d}", "name": f"Guest{i}",
             "intro": "", "learn": LEARN[i % len(LEARN)], "teach": TEACH[i % len(TEACH)],
             "consent": True, "status": "complete", "step": "done"}
            for i in range(people)
        ]  # fmt: skip
        ids = session.scalars(insert(Attendee).returning(Attendee.id), rows).all()
        vectors = [
            {"attendee_id": a, "kind": kind, "text": row[kind], "version": matching.VECTOR_VERSION,
             "vector": VECTORS[kind, row[kind]]}
            for a, row in zip(ids, rows, strict=True)
            for kind in ("learn", "teach")
        ]  # fmt: skip
        session.execute(insert(AnswerVector), vectors)
        if orgs:
            [question] = event.questions  # where they work or study
            answers = [{"attendee_id": a, "question_id": question.id, "value": f"Org{i % 600}"}
                       for i, a in enumerate(ids)]  # fmt: skip
            session.execute(insert(Answer), answers)
        session.commit()
        return event.id


def stored_plan(event_id: int) -> str:
    """Open the host's preview of round 1 (which stores its plan); return the plan's digest."""
    with Session() as session:
        shown = event_status.preview(session, session.get_one(Event, event_id))
        session.commit()
    return shown.plan


def fan_out(
    emulator: Emulator, redis_url: str, people: int, stored: bool | None = None
) -> tuple[float, float]:
    """Start a round for a new event; return seconds to the first and to the last text.
    stored: people answered the workplace question, and True: Send after the preview (its
    plan stored), False: the round is planned at start; None: neither (no answers)."""
    event_id = new_event(people, orgs=stored is not None)
    plan = stored_plan(event_id) if stored else None
    before = emulator.accepted()
    start = time.perf_counter()
    rnd = start_round(event_id, redis_url, 1 if stored else None, plan)
    first = None
    while (accepted := emulator.accepted() - before) < people:
        if first is None and accepted:
            first = time.perf_counter() - start
        if time.perf_counter() - start > TIMEOUT:
            raise RuntimeError(f"only {accepted} of {people} texts after {TIMEOUT:.0f} s")
        # Poll finely for the first text, then gently: the polls also load the server.
        time.sleep(0.002 if first is None else 0.05)
    last = time.perf_counter() - start
    with Session() as session:  # every text handed off is recorded as such, none failed
        while not (done := progress(session, rnd.id)).done:
            if time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"round not recorded as handed off: {done}")
            session.rollback()
            time.sleep(0.05)
    if done.failed or done.total != people:
        raise RuntimeError(f"expected {people} texts handed off, none failed: {done}")
    return first or last, last


def plain_loop(base_url: str, threads: int, texts: int) -> float:
    """Seconds for `threads` threads to send `texts` texts with twilio_seam.send, no outbox."""
    settings = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_API_BASE_URL": base_url, "TWILIO_HTTP_TIMEOUT": "10"}  # fmt: skip
    client = twilio_seam.make_client(settings)
    body = round_text(1, 3, 7, ["Guest1", "Guest2", "Guest3", "Guest4"], None)

    def send(i: int) -> None:
        twilio_seam.send(client, to=f"+1416555{i:04d}", body=body, from_number=FROM,
                         validity_period=600)  # fmt: skip

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(texts)))
    return time.perf_counter() - start


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of these processes and their reaped children (RQ's work horses), from /proc."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += sum(int(field) for field in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def measure(args, emulator: Emulator, env: dict[str, str], redis_url: str, logs: Path) -> dict:
    """Run every measurement --repeats times, interleaved; return lists of figures by name."""
    redis = Redis.from_url(redis_url)
    runs: dict[str, list[float]] = {}
    for w in (1, 2):
        with running_workers(w, env, redis, logs) as workers:
            pids = [process.pid for process in workers]
            fan_out(emulator, redis_url, 50)  # warm up: workers, connections, first imports
            plain_loop(emulator.base_url, 8 * w, 200)
            for _ in range(args.repeats):
                cpu = time.process_time()
                runs.setdefault(f"plain {w}", []).append(
                    plain_loop(emulator.base_url, 8 * w, args.people)
                )
                runs.setdefault(f"plain cpu {w}", []).append(time.process_time() - cpu)
                cpu = cpu_seconds(pids)
                runs.setdefault(f"ours {w}", []).append(
                    fan_out(emulator, redis_url, args.people)[1]
                )
                runs.setdefault(f"ours cpu {w}", []).append(cpu_seconds(pids) - cpu)
                runs.setdefault(f"first {w}", []).append(
                    fan_out(emulator, redis_url, args.first_people)[0]
                )
                for stored in (True, False):
                    runs.setdefault(f"first {'stored' if stored else 'planned'} {w}", []).append(
                        fan_out(emulator, redis_url, args.people, stored)[0]
                    )
    redis.close()
    return runs


def report(args, runs: dict[str, list[float]], backend: str, load: tuple) -> None:
    n = args.people
    print(f"database: {backend}; {os.cpu_count()} cores; median of {args.repeats}; "
          f"load average before/after: {load[0]:.1f}/{load[1]:.1f}")  # fmt: skip
    print(f"| workers | threads | round N={n}: s | texts/s | plain loop: s | texts/s "
          f"| ours / plain | first text N={args.first_people}: s "
          "| worker CPU ms/text | plain loop CPU ms/text |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for w in (1, 2):
        ours, plain, first, ours_cpu, plain_cpu = (
            statistics.median(runs[f"{name} {w}"])
            for name in ("ours", "plain", "first", "ours cpu", "plain cpu")
        )
        print(f"| {w} | {8 * w} | {ours:.2f} | {n / ours:.0f} | {plain:.2f} | {n / plain:.0f} "
              f"| {plain / ours:.2f} | {first:.3f} | {1000 * ours_cpu / n:.2f} "
              f"| {1000 * plain_cpu / n:.2f} |")  # fmt: skip
    print(f"\n| workers | first text N={n}, stored plan (Send after the preview): s "
          f"| first text N={n}, planned at start: s |")  # fmt: skip
    print("|---|---|---|")
    for w in (1, 2):
        stored, planned = (
            statistics.median(runs[f"first {how} {w}"]) for how in ("stored", "planned")
        )
        print(f"| {w} | {stored:.3f} | {planned:.3f} |")
    print("all runs (s):", {k: [round(t, 3) for t in v] for k, v in runs.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--redis-url", default=None, help="default: an embedded Redis")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--first-people", type=int, default=500)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="tablemates-fanout-"))
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(
            fresh_database(
                args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}", "tablemates_bench"
            )
        )
        redis_url = args.redis_url or stack.enter_context(EmbeddedRedis()).url
        Redis.from_url(redis_url).flushdb()
        emulator = Emulator(instance / "emulator.log")
        stack.enter_context(stopping([emulator.process]))
        migrate.upgrade(url)
        stack.callback(models.configure(url).dispose)
        env = {**os.environ, "TABLEMATES_INSTANCE": str(instance), "DATABASE_URL": url,
               "REDIS_URL": redis_url, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
               "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_FROM_NUMBER": FROM,
               "TWILIO_API_BASE_URL": emulator.base_url, "PUBLIC_URL": "",
               "SMS_PER_SECOND": "100000", "TWILIO_HTTP_TIMEOUT": "10"}  # fmt: skip
        load = os.getloadavg()[0]
        runs = measure(args, emulator, env, redis_url, instance)
    report(args, runs, url.split(":", 1)[0], (load, os.getloadavg()[0]))
    print(f"logs: {instance}")


if __name__ == "__main__":
    main()
