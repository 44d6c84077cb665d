"""Count the CPU instructions of one sign-up step in-process, with valgrind's callgrind.

    .venv/bin/python bench/webhook/instructions.py [--database-url URL] [--texts 600]

Requests per second on a shared VM move from minute to minute; an instruction count barely
moves (the same code and inputs give the same count), so two versions of the code can be
compared at any time, one after the other. It counts the web side of a text only: Flask,
our code, SQLAlchemy and psycopg (not the database server, nor gunicorn), for the same mix
of steps as run.py (new phones signing up, then LEARN updates), signed as Twilio signs.
The count is taken twice, with no texts and with --texts, and the difference divided.
"""

import argparse
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run as a script: the project beside it
sys.path.insert(0, str(HERE))

from run import SignUps, prepare  # noqa: E402

from tests.databases import fresh_database  # noqa: E402


def post_texts(count: int) -> None:
    """In the child: build the app and post `count` sign-up steps through it."""
    from werkzeug.test import EnvironBuilder

    from service import create_app

    app = create_app()
    supply = SignUps(0)
    supply.url = "http://localhost/sms"
    steps = itertools.chain.from_iterable(
        itertools.islice(supply.phone(), 12) for _ in itertools.count()
    )
    environs = [
        EnvironBuilder(path="/sms", method="POST", data=body, headers=headers).get_environ()
        for body, headers in itertools.islice(steps, count)
    ]
    for environ in environs:
        for _ in app(environ, lambda status, headers: None):
            pass


def instructions(texts: int, env: dict[str, str]) -> int:
    """Instructions callgrind counts for a child posting `texts` steps."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, __file__, "--child", str(texts)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--texts", type=int, default=600)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        post_texts(args.child)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed (Debian: apt-get install valgrind)")
    instance = Path(tempfile.mkdtemp(prefix="tablemates-bench-"))
    with fresh_database(
        args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}", "tablemates_bench"
    ) as url:
        env = prepare(instance, url)
        base = instructions(0, env)
        total = instructions(args.texts, env)
    backend = url.split(":", 1)[0]
    print(f"database: {backend}; {args.texts} texts in-process under callgrind")
    print(f"instructions per text: {(total - base) / args.texts / 1e6:.2f} M")


if __name__ == "__main__":
    main()
