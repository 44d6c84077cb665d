"""A fresh database per test run or benchmark, beside the one a URL names."""

import contextlib
import uuid
from collections.abc import Iterator

from sqlalchemy import create_engine, text

from models import normalise_url


@contextlib.contextmanager
def fresh_database(url: str, prefix: str = "tablemates_test") -> Iterator[str]:
    """Yield url itself for SQLite; for PostgreSQL, a new database beside it, dropped after."""
    if url.startswith("sqlite"):
        yield url
        return
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
