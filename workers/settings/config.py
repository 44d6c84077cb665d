"""Configuration from the environment, read in one place (CONTRACT.md lists every name)."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from workers.texts.cost import US_PRICE_PER_SEGMENT

DEFAULT_INSTANCE = Path(__file__).resolve().parent.parent / "instance"
EMBEDDED_REDIS_URL_FILE = "redis.url"
REQUEST_LIMIT_BYTES = 64 * 1024
# No introduction below this match score. Measured by bench/matching/floor.py (best F1
# on half of tests/data/matching_dev.csv; bench/RESULTS.md, "Introduction floor").
INTRO_SCORE_FLOOR = 0.5


def instance_path(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for local state: the SQLite file, the secret key, the embedded Redis."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("TABLEMATES_INSTANCE", DEFAULT_INSTANCE))


def load(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Read every setting from the environment, with the embedded defaults filled in."""
    environ = os.environ if environ is None else environ
    folder = instance_path(environ)
    folder.mkdir(parents=True, exist_ok=True)
    account_sid = environ.get("TWILIO_ACCOUNT_SID") or None
    auth_token = environ.get("TWILIO_AUTH_TOKEN") or None
    return {
        "INSTANCE_PATH": str(folder),
        "DATABASE_URL": environ.get("DATABASE_URL") or f"sqlite:///{folder / 'tablemates.sqlite3'}",
        "REDIS_URL": environ.get("REDIS_URL") or None,
        "SECRET_KEY": environ.get("SECRET_KEY") or _kept_secret(folder / "secret_key"),
        "TWILIO_ACCOUNT_SID": account_sid,
        "TWILIO_AUTH_TOKEN": auth_token,
        "TWILIO_FROM_NUMBER": environ.get("TWILIO_FROM_NUMBER") or None,
        "TWILIO_MESSAGING_SERVICE_SID": environ.get("TWILIO_MESSAGING_SERVICE_SID") or None,
        "TWILIO_API_BASE_URL": environ.get("TWILIO_API_BASE_URL") or None,
        "PUBLIC_URL": (environ.get("PUBLIC_URL") or "").rstrip("/") or None,
        "REHEARSAL": not (account_sid and auth_token),
        # Sending: texts per second across all workers (the sender's throughput), the HTTP
        # timeout of one Twilio call, and how long a table text may wait before it is dropped.
        "SMS_PER_SECOND": _positive(environ, "SMS_PER_SECOND", 30),
        "TWILIO_HTTP_TIMEOUT": _positive(environ, "TWILIO_HTTP_TIMEOUT", 10),
        "SMS_VALIDITY_SECONDS": int(_number(environ, "SMS_VALIDITY_SECONDS", 600)),
        # A hand-off still "unknown" after this long is reconciled with Twilio (longer than
        # the HTTP timeout, so a call still in flight is never taken for a lost one).
        "OUTBOX_STALE_SECONDS": _stale_seconds(environ),
        "SWEEP_SECONDS": _number(environ, "SWEEP_SECONDS", 15),
        # What one outbound segment costs, shown before every mass text (US dollars by
        # default: Twilio's US long-code list price).
        "SMS_PRICE_PER_SEGMENT": _number(environ, "SMS_PRICE_PER_SEGMENT", US_PRICE_PER_SEGMENT),
        # The match score below which nobody is introduced (0 to 1).
        "INTRO_SCORE_FLOOR": intro_score_floor(environ),
        # How many proxies in front of the app add X-Forwarded-* headers: only theirs are
        # believed (the client's address, https). None by default: anyone can send them.
        "TRUSTED_PROXIES": int(_number(environ, "TRUSTED_PROXIES", 0)),
        # Request limits (413 beyond). Twilio's largest webhook, a 1,600-character text in
        # 4-byte letters, percent-encoded, with ten media links, is about 25 KB in some 50
        # fields; the host's forms are smaller. Flask's defaults leave the size unlimited.
        "MAX_CONTENT_LENGTH": REQUEST_LIMIT_BYTES,
        "MAX_FORM_MEMORY_SIZE": REQUEST_LIMIT_BYTES,
        "MAX_FORM_PARTS": 200,
    }


def intro_score_floor(environ: Mapping[str, str] | None = None) -> float:
    """INTRO_SCORE_FLOOR: no introduction scores below it (the send job reads it here)."""
    environ = os.environ if environ is None else environ
    value = _number(environ, "INTRO_SCORE_FLOOR", INTRO_SCORE_FLOOR)
    if not 0 <= value <= 1:
        raise ValueError(f"INTRO_SCORE_FLOOR must be between 0 and 1 (it is {value!r})")
    return value


def redis_url(config: Mapping[str, object]) -> str | None:
    """REDIS_URL, or the embedded Redis that `tablemates dev` (or a worker) started."""
    if config.get("REDIS_URL"):
        return str(config["REDIS_URL"])
    url_file = Path(str(config["INSTANCE_PATH"])) / EMBEDDED_REDIS_URL_FILE
    return url_file.read_text().strip() if url_file.exists() else None


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name)
    return float(value) if value else default


def _positive(environ: Mapping[str, str], name: str, default: float) -> float:
    value = _number(environ, name, default)
    if not value > 0:
        raise ValueError(f"{name} must be a number above 0 (it is {environ.get(name)!r})")
    return value


def _stale_seconds(environ: Mapping[str, str]) -> float:
    """OUTBOX_STALE_SECONDS: a worker renews a waiting claim at half of it, so half must
    outlast one Twilio call, or a call still in flight could be taken for a lost one."""
    stale = _positive(environ, "OUTBOX_STALE_SECONDS", 60)
    timeout = _positive(environ, "TWILIO_HTTP_TIMEOUT", 10)
    if stale < 2 * timeout:
        raise ValueError(
            f"OUTBOX_STALE_SECONDS ({stale:g}) must be at least twice TWILIO_HTTP_TIMEOUT "
            f"({timeout:g})"
        )
    return stale


def _kept_secret(path: Path) -> str:
    """Generate a secret once and keep it in the instance folder."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()
