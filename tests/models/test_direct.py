"""models.direct: prebuilt statements run straight on psycopg (SQLAlchemy on SQLite) give
what SQLAlchemy gives, refuse what they cannot run alike, and fail as SQLAlchemy fails."""

import pytest
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from models import Attendee, Event, OptOut, Session, utcnow
from models.db import bound_engine
from models.direct import Direct

attendee, event_t, opt_out = Attendee.__table__, Event.__table__, OptOut.__table__
SIGN_UPS = (
    select(attendee.c.id, attendee.c.name, attendee.c.updated_at, event_t.c.code)
    .join(event_t, event_t.c.id == attendee.c.event_id)
    .where(attendee.c.phone == bindparam("phone"))
    .order_by(attendee.c.id)
)
LATEST = SIGN_UPS.order_by(None).order_by(attendee.c.id.desc()).limit(1)  # LIMIT binds its own
NEW_OPT_OUT = insert(opt_out)
RENAME = update(attendee).where(attendee.c.id == bindparam("attendee_id"))


@pytest.fixture
def two_sign_ups(app, event):
    with Session() as session:
        other = Event(name="Other", code="OTHER")
        session.add(other)
        session.flush()
        for event_id, name in ((event.id, "Ana"), (other.id, "Bo")):
            session.add(Attendee(event_id=event_id, phone="+14165550142", name=name))
        session.commit()


def test_rows_are_what_sqlalchemy_gives(two_sign_ups, database_url):
    with Session() as session:
        db = Direct(session.connection())
        assert (db.driver is not None) == database_url.startswith("postgres")
        params = {"phone": "+14165550142"}
        expected = session.connection().execute(SIGN_UPS, params).all()
        rows = db.rows(SIGN_UPS, params)
        assert [tuple(row) for row in rows] == [tuple(row) for row in expected]
        assert rows[0]._fields == expected[0]._fields  # the same names, labels included
        assert [(row.name, row.code) for row in rows] == [("Ana", "FOLK"), ("Bo", "OTHER")]
        assert rows[0].updated_at == expected[0].updated_at  # a date comes back as a date
        assert db.first(LATEST, params).name == "Bo"  # with the statement's own LIMIT
        assert db.scalar(LATEST, params) == expected[-1].id
        assert db.rows(SIGN_UPS, {"phone": "+14165550000"}) == []
        assert db.first(LATEST, {"phone": "+14165550000"}) is None


def test_writes_name_only_the_columns_passed(two_sign_ups):
    with Session() as session:
        db = Direct(session.connection())
        ana = db.first(SIGN_UPS, {"phone": "+14165550142"})
        db.run(RENAME, {"attendee_id": ana.id, "name": "Anabel", "updated_at": utcnow()})
        db.run(NEW_OPT_OUT, {"phone": "+14165550142", "created_at": utcnow()})
        session.commit()
    with Session() as session:
        assert session.get(Attendee, ana.id).name == "Anabel"
        assert session.get(Attendee, ana.id).step == "name"  # untouched
        assert session.get(OptOut, "+14165550142") is not None


def test_a_statement_needing_a_computed_default_is_refused_everywhere(two_sign_ups):
    """SQLAlchemy fills a column's Python default while executing; run directly, nothing
    would, so such a statement is refused on SQLite as on PostgreSQL."""
    with Session() as session:
        db = Direct(session.connection())
        with pytest.raises(ValueError, match="updated_at"):
            db.run(RENAME, {"attendee_id": 1, "name": "Anabel"})
        with pytest.raises(ValueError, match="created_at"):
            db.run(NEW_OPT_OUT, {"phone": "+14165550199"})
        with pytest.raises(ValueError, match="no value for phone"):  # not sent as NULL
            db.rows(SIGN_UPS, {})
        codes = select(event_t.c.id).where(event_t.c.code.in_(bindparam("codes", expanding=True)))
        with pytest.raises(ValueError, match="expanding"):
            db.rows(codes, {"codes": ["FOLK"]})


def test_a_driver_error_comes_out_as_sqlalchemys(two_sign_ups):
    with Session() as session:
        db = Direct(session.connection())
        db.run(NEW_OPT_OUT, {"phone": "+14165550142", "created_at": utcnow()})
        with pytest.raises(IntegrityError):
            db.run(NEW_OPT_OUT, {"phone": "+14165550142", "created_at": utcnow()})
        session.rollback()
        assert session.get(OptOut, "+14165550142") is None


def test_a_lost_connection_is_invalidated_as_sqlalchemy_does(two_sign_ups, database_url):
    if not database_url.startswith("postgres"):
        pytest.skip("a dropped server connection is a PostgreSQL matter (CI's second pass)")
    with Session() as session:
        connection = session.connection()
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
        with Session() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as raised:
            Direct(connection).rows(SIGN_UPS, {"phone": "+14165550142"})
        assert raised.value.connection_invalidated
        assert connection.invalidated
        session.rollback()
        assert len(Direct(session.connection()).rows(SIGN_UPS, {"phone": "+14165550142"})) == 2


def test_a_statement_begins_the_transaction_that_commit_then_ends(app):
    """As Connection.execute does: a statement outside a transaction begins one, so the
    connection's commit() commits it (and closing without one rolls it back)."""
    with bound_engine().connect() as connection:
        Direct(connection).run(NEW_OPT_OUT, {"phone": "+14165550142", "created_at": utcnow()})
        assert connection.in_transaction()
        connection.commit()
        Direct(connection).run(NEW_OPT_OUT, {"phone": "+14165550143", "created_at": utcnow()})
    with Session() as session:
        assert session.get(OptOut, "+14165550142") is not None
        assert session.get(OptOut, "+14165550143") is None
