"""`tablemates dev`: web + worker (+ an embedded Redis) in the foreground, for a laptop."""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from models.migrate import upgrade
from workers.runtime.embedded_redis import EmbeddedRedis, publish
from workers.settings.config import EMBEDDED_REDIS_URL_FILE


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def dev_command(host: str, port: int) -> None:
    """Run the web app and a worker, with an embedded Redis when REDIS_URL is unset."""
    # Ctrl-C stops everything in order, even when a shell started us with SIGINT ignored
    # (as it does for background jobs); SIGTERM from a supervisor takes the same path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    app = current_app._get_current_object()
    upgrade(str(app.config["DATABASE_URL"]))
    redis = None
    url_file = Path(str(app.config["INSTANCE_PATH"])) / EMBEDDED_REDIS_URL_FILE
    if not app.config["REDIS_URL"]:
        redis = EmbeddedRedis()
        publish(redis.url, url_file)
        app.config["REDIS_URL"] = redis.url
    env = {**os.environ, "REDIS_URL": str(app.config["REDIS_URL"])}
    # Its own process group, so that stopping it also stops RQ's forked scheduler.
    worker = subprocess.Popen([sys.executable, "-m", "workers"], env=env, start_new_session=True)
    base = f"http://{host}:{port}"
    mode = "rehearsal mode: texts stay on this machine" if app.config["REHEARSAL"] else "live"
    click.echo(f"Tablemates ({mode})")
    click.echo(f"  host's pages:    {base}/admin")
    click.echo(f"  phone simulator: {base}/simulator")
    click.echo(f"  health:          {base}/healthz")
    click.echo(f"  redis:           {app.config['REDIS_URL']}")
    click.echo("Press Ctrl-C to stop.")
    try:
        run_simple(host, port, app, threaded=True)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            click.echo("the worker did not stop within 10 s; killing it")
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        # RQ's forked scheduler can outlive a worker that stopped in order (seen when a stop
        # came while it was starting): nothing is left to save in it, so its group goes too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        if redis is not None:
            url_file.unlink(missing_ok=True)
            redis.stop()
        click.echo("stopped")
