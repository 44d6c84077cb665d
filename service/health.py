"""GET /healthz: is the database, Redis and a worker up?"""

from flask import Blueprint, current_app, jsonify
from rq import Worker
from sqlalchemy import text

from models import Session
from workers.runtime.queues import connect
from workers.settings.config import redis_url

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report each part's status; 200 only when all are up."""
    status = {"database": _database(), **_redis_and_worker()}
    code = 200 if all(value == "ok" for value in status.values()) else 503
    return jsonify(status), code


def _database() -> str:
    try:
        with Session() as session:
            session.execute(text("SELECT 1"))
    except Exception as error:  # any failure is the answer here
        return f"down: {type(error).__name__}"
    return "ok"


def _redis_and_worker() -> dict[str, str]:
    url = redis_url(current_app.config)
    if url is None:
        return {"redis": "down: REDIS_URL is not set", "worker": "unknown"}
    connection = connect(url)
    try:
        connection.ping()
        workers = Worker.count(connection=connection)
    except Exception as error:
        return {"redis": f"down: {type(error).__name__}", "worker": "unknown"}
    finally:
        connection.close()
    return {"redis": "ok", "worker": "ok" if workers else "down: no worker is running"}
