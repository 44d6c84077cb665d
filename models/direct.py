"""Prebuilt Core statements run straight on psycopg's cursor: the webhook's hot path.

On PostgreSQL, SQLAlchemy's execution of a prebuilt statement (its execution context,
parameters and result) costs about as much of the worker's CPU as psycopg's own: 85-110 us
of 190-230 for the webhook's one read, measured in a loop (bench/RESULTS.md). Here a
statement is compiled once, and its SQL and the caller's parameters go to psycopg's cursor
as they are; rows come back as named tuples. A driver's error comes out as SQLAlchemy's,
handled as Connection.execute handles it (a lost connection is invalidated), so callers
see one kind.

Elsewhere (SQLite, whose stored dates and JSON need SQLAlchemy's type handling) a statement
runs through SQLAlchemy, and the same code works on both.
"""

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg.rows import namedtuple_row
from sqlalchemy import Connection, Delete, Insert, Select, Update
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.sql import Executable, visitors
from sqlalchemy.sql.elements import BindParameter


@dataclass(frozen=True)
class Compiled:
    sql: str
    own: dict[str, Any]  # the parameters the statement binds itself (a LIMIT, say)
    rows: Callable[[Any], Any]  # psycopg's row factory: named tuples, as SQLAlchemy's rows


# (statement, driver, parameter names) -> what compile_once made of them
_compiled: dict[tuple[Executable, str, frozenset[str]], Compiled] = {}


def compile_once(statement: Executable, connection: Connection, names: frozenset[str]) -> Compiled:
    """The statement's SQL for this dialect, the values of the parameters it binds itself,
    and how to make its rows; an INSERT or UPDATE names exactly the columns in `names`.

    Public SQLAlchemy API only: `compile(column_keys=...)`, `construct_params()`, the
    statement's bind parameters (`visitors.iterate`) and its table's column defaults.
    """
    key = (statement, connection.dialect.driver, names)
    if key not in _compiled:
        binds = [e for e in visitors.iterate(statement) if isinstance(e, BindParameter)]
        if any(bind.expanding for bind in binds):
            # A list spelled out at run time (an expanding IN): SQLAlchemy's to run.
            raise ValueError("a statement with an expanding parameter runs through SQLAlchemy")
        if computed := sorted(_computed_defaults(statement) - names):
            # SQLAlchemy would compute these (a column's default) while executing: this
            # module does not, so the caller must pass them.
            raise ValueError(f"pass {', '.join(computed)} to run this statement directly")
        dml = isinstance(statement, (Insert, Update, Delete))
        compiled = statement.compile(
            dialect=connection.dialect, column_keys=sorted(names) if dml else None
        )
        try:
            values = compiled.construct_params(params=dict.fromkeys(names))
        except InvalidRequestError:
            # Run directly, a parameter left out would be sent as NULL, not refused.
            missing = {b.key for b in binds if b.required} - names
            raise ValueError(f"no value for {', '.join(sorted(missing))}") from None
        own = {k: v for k, v in values.items() if k not in names}
        _compiled[key] = Compiled(str(compiled), own, _row_factory(statement))
    return _compiled[key]


def _computed_defaults(statement: Executable) -> set[str]:
    """Columns SQLAlchemy fills in Python while executing an INSERT (`default=`) or an
    UPDATE (`onupdate=`) when the caller does not pass them."""
    if isinstance(statement, Insert):
        return {c.key for c in statement.table.c if c.default is not None and not c.primary_key}
    if isinstance(statement, Update):
        return {c.key for c in statement.table.c if c.onupdate is not None}
    return set()


def _row_factory(statement: Executable) -> Callable[[Any], Any]:
    """A SELECT's rows as named tuples of its column keys, the class made once (psycopg's
    namedtuple_row reads the names from every result: 2% of a text); other statements'
    rows by psycopg's namedtuple_row."""
    if not isinstance(statement, Select):
        return namedtuple_row
    make = namedtuple("Row", statement.selected_columns.keys(), rename=True)._make  # type: ignore[misc]
    return lambda _cursor: make


class Direct:
    """Runs prebuilt statements on one connection, straight on psycopg where it can.

    Either way a statement is checked as it would be compiled here, so one that needs a
    column default computed is refused on SQLite as on PostgreSQL.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.driver = (
            connection.connection.driver_connection
            if connection.dialect.driver == "psycopg"
            else None
        )

    def rows(self, statement: Executable, params: Mapping[str, Any]) -> Sequence[Any]:
        """Every row, each with its columns as attributes."""
        result = self._execute(statement, params)
        return result.fetchall() if self.driver else result.all()

    def first(self, statement: Executable, params: Mapping[str, Any]) -> Any:
        """The first row, or None."""
        result = self._execute(statement, params)
        return result.fetchone() if self.driver else result.first()

    def scalar(self, statement: Executable, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None."""
        row = self.first(statement, params)
        return None if row is None else row[0]

    def run(self, statement: Executable, params: Mapping[str, Any]) -> None:
        """Run a statement for its effect."""
        self._execute(statement, params)

    def _execute(self, statement: Executable, params: Mapping[str, Any]) -> Any:
        """psycopg's cursor after running the statement, or SQLAlchemy's result."""
        compiled = compile_once(statement, self.connection, frozenset(params))
        if self.driver is None:
            return self.connection.execute(statement, params)
        if not self.connection.in_transaction():
            self.connection.begin()  # as Connection.execute would: its commit() then commits
        values = {**compiled.own, **params} if compiled.own else params
        cursor = self.driver.cursor(row_factory=compiled.rows)
        dialect = self.connection.dialect
        try:
            cursor.execute(compiled.sql, values)
        except dialect.loaded_dbapi.Error as error:
            # As Connection.execute does with a driver's error: SQLAlchemy's exception
            # (IntegrityError, ...), and a lost connection invalidated, so the pool drops it.
            lost = dialect.is_disconnect(error, self.driver, cursor)
            if lost:
                self.connection.invalidate(error)
            raise DBAPIError.instance(
                compiled.sql, values, error, dialect.loaded_dbapi.Error,
                hide_parameters=True, connection_invalidated=lost, dialect=dialect,
            ) from error  # fmt: skip
        return cursor
