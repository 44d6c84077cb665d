"""Alembic environment: the URL comes from the caller (models.migrate), never a config file."""

from alembic import context

from models import Base, make_engine

config = context.config


def run_migrations() -> None:
    """Run migrations online against the configured URL."""
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite" and not connection.in_transaction()
    if sqlite:
        # Batch mode copies a SQLite table and drops the old one; with foreign keys on, that
        # drop deletes every row that cascades from it (an event's rounds and attendees).
        # SQLite ignores this pragma inside a transaction, so it is set before one begins.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


run_migrations()
