"""Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import Base, make_engine, utcnow
from models.migrate import upgrade


def test_migrations_match_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_nothing_and_back(tmp_path):
    from alembic import command

    from models.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None
    engine.dispose()


def test_rounds_planned_before_0009_keep_the_tables_their_event_has_now(database_url, tmp_path):
    from sqlalchemy import insert, select

    from models import Event, Round
    from tests.databases import fresh_database

    room = [{"label": "Window 3", "capacity": 4}]
    base = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path}/m.db"
    with fresh_database(base, "tablemates_migration") as url:
        upgrade(url, "0008")
        engine = make_engine(url)
        with engine.begin() as connection:
            event_id = connection.scalar(
                insert(Event.__table__)
                .values(name="Folk", code="FOLK", tables=room)
                .returning(Event.__table__.c.id)
            )
            connection.execute(insert(Round.__table__).values(event_id=event_id, number=1))
        upgrade(url)
        with engine.connect() as connection:
            assert connection.scalar(select(Round.__table__.c.tables)) == room
        engine.dispose()


def test_events_from_before_0011_go_to_the_first_host(database_url, tmp_path):
    from sqlalchemy import insert, select

    from models import Event, Host
    from tests.databases import fresh_database

    base = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path}/m.db"
    with fresh_database(base, "tablemates_migration") as url:
        upgrade(url, "0010")
        engine = make_engine(url)
        hosts, events = Host.__table__, Event.__table__
        with engine.begin() as connection:
            for email in ("first@example.org", "second@example.org"):
                connection.execute(insert(hosts).values(email=email, password_hash="x",
                                                        created_at=utcnow()))  # fmt: skip
            for code in ("FOLK", "JAZZ"):
                connection.execute(insert(events).values(name=code, code=code))
            first = connection.scalar(select(hosts.c.id).where(hosts.c.email.startswith("first")))
        upgrade(url)
        with engine.connect() as connection:
            owners = connection.execute(select(events.c.code, events.c.owner_id)).all()
        engine.dispose()
    assert sorted(owners) == [("FOLK", first), ("JAZZ", first)]


def test_a_stop_kept_only_on_a_sign_up_survives_0012(database_url, tmp_path):
    from sqlalchemy import insert, select, text

    from models import Attendee, Event, OptOut
    from tests.databases import fresh_database

    base = database_url if database_url.startswith("postgres") else f"sqlite:///{tmp_path}/m.db"
    with fresh_database(base, "tablemates_migration") as url:
        upgrade(url, "0011")
        engine = make_engine(url)
        with engine.begin() as connection:
            event_id = connection.scalar(
                insert(Event.__table__).values(name="Folk", code="FOLK").returning(text("id"))
            )
            for phone, stop in (("+14165550001", True), ("+14165550002", False)):
                connection.execute(
                    text("INSERT INTO attendee (event_id, phone, step, status, opted_out, "
                         "created_at, updated_at) VALUES (:e, :p, 'done', 'complete', :o, "
                         "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"e": event_id, "p": phone, "o": stop},
                )  # fmt: skip
        upgrade(url)
        with engine.connect() as connection:
            stopped = connection.scalars(select(OptOut.__table__.c.phone)).all()
            read = connection.execute(select(Attendee.phone, Attendee.opted_out)).all()
        engine.dispose()
    assert stopped == ["+14165550001"]
    assert sorted(read) == [("+14165550001", True), ("+14165550002", False)]
