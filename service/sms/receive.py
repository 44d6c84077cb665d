"""Receive one inbound text: the transaction around it, its record, retries and repeats.

The text's meaning is decided by service/sms/interpreter.py and applied by apply.py.

Every text is a few small statements on plain rows, run straight on the driver
(models/direct.py) on a connection of its own: this is the hot path of a room of people
texting at once (bench/webhook). A usual text costs four round trips besides BEGIN: one
read (the open events, and this number's sign-ups, locked), the attendee's update, the
text's record with its reply, and COMMIT. Only the rarer steps (STOP and START, the
last answer of a sign-up, an introduction's YES, DELETE, TABLE) use an ORM Session, one
that joins the text's transaction.

The read does not wait for a lock: a waiting statement would see the locked row as the
other text left it but its answers as they were before (PostgreSQL re-reads only the
locked row). When another text from the number holds it, the text goes again: it first
waits for the lock alone, then reads everything afresh.
"""

import logging
import time
import uuid
from collections.abc import Mapping

from sqlalchemy import Connection, Row, bindparam, insert, orm, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from models import InboundMessage, Session, utcnow
from models.db import bound_engine
from models.direct import Direct
from service.sms.apply import Later, after_commit, apply

log = logging.getLogger(__name__)
inbound = InboundMessage.__table__
BODY_LIMIT = 10_000
ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.2  # after a lost database connection: 0.2 s, then 0.4 s
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when a NOWAIT lock is held elsewhere
RECORD = insert(inbound)
RECORDED = select(inbound.c.reply).where(inbound.c.sid == bindparam("sid"))


def receive(params: Mapping[str, str]) -> str | None:
    """Handle the parameters Twilio posted for one text; return the reply (None: say nothing).

    The text is recorded in the same transaction as what it does, so both commit together
    (or neither: its MessageSid, unique, lets only one of two posts of a text commit); if
    acting on it fails, the record alone is committed before the error goes on.
    """
    sid = _storable(params.get("MessageSid") or params.get("SmsSid") or "").strip()[:64]
    values = {
        "sid": sid or f"local-{uuid.uuid4().hex}",
        "from_number": _storable(params.get("From", ""))[:40],
        "to_number": _storable(params.get("To", ""))[:40],
        "body": _storable(params.get("Body", ""))[:BODY_LIMIT],
        "num_media": _int(params.get("NumMedia")),
        "received_at": utcnow(),
    }
    wait = False
    # A connection of our own, its transaction committed here: an ORM Session around every
    # text cost 60-90 us of CPU more (a tenth of a text in-process). The few steps that load
    # ORM objects get a Session that joins this transaction, flushed before the commit.
    with bound_engine().connect() as connection:
        for attempt in range(1, ATTEMPTS + 1):
            orm = Joined(connection)
            try:
                connection.begin()  # may fail too (SQLite busy, a reconnect refused): kept below
                reply, later = handle(orm, values, wait)
                if later is None:
                    # The same MessageSid again (Twilio retried, or two posts at once): what
                    # this one did is rolled back, and it answers as the first one did.
                    return reply
                orm.flush()
                connection.commit()
            except Exception as error:
                connection.rollback()
                # Three failures are worth another go: another text from this number holds its
                # sign-ups (go again, waiting for them), or created the sign-up first (go again,
                # reading it), or the database dropped the connection (a restart, a failover:
                # go again on a new one, after a pause; had the commit gone through, the
                # MessageSid finds it, and what it queued is left to the sweeper and the
                # match-up job).
                lost = isinstance(error, DBAPIError) and error.connection_invalidated
                busy = isinstance(error, DBAPIError) and _sqlstate(error) == LOCK_NOT_AVAILABLE
                wait = wait or busy
                if attempt == ATTEMPTS or not (lost or busy or isinstance(error, IntegrityError)):
                    if (earlier := _keep_record(connection, values)) is None:
                        raise
                    # A repeat of a text already handled, failing where the first did not.
                    return earlier.reply
                if lost:
                    log.warning("database connection lost; text %s goes again", values["sid"])
                    time.sleep(RETRY_PAUSE_SECONDS * attempt)
            else:
                after_commit(later)
                return reply
            finally:
                orm.close()
    return None  # pragma: no cover - the loop returns or raises


class Joined:
    """The text's connection, and an ORM Session joining its transaction, made only when a
    step needs one. Most texts don't: making and closing one for every text cost about 3%
    of a text's instructions (callgrind, measured together with direct's row classes)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._session: orm.Session | None = None

    @property
    def session(self) -> orm.Session:
        if self._session is None:
            # Rolls back with the connection; never commits: receive() commits the connection.
            self._session = Session(bind=self.connection, join_transaction_mode="rollback_only")
        return self._session

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


def _record(connection: Connection, values: dict[str, object]) -> Row | None:
    """Insert the text's record; None when it is recorded now. When its MessageSid was
    recorded already (a repeat), all this one did is rolled back and the earlier record
    (its reply) comes back.

    A repeat of a text handled at the same moment ends here, failing on the unique
    MessageSid once the first commits; before that, it may have waited for the sign-up's
    lock or failed on the new sign-up's (event, phone) and gone again.
    """
    try:
        Direct(connection).run(RECORD, values)
    except IntegrityError:
        connection.rollback()
        earlier = connection.execute(RECORDED, {"sid": values["sid"]}).first()
        if earlier is None:
            raise  # not a twin: an event deleted meanwhile, say; the caller goes again
        return earlier
    return None


def _keep_record(connection: Connection, values: dict[str, object]) -> Row | None:
    """Commit the record of a text whose handling failed, so nothing is lost; when the
    text was recorded already (a repeat of one that was handled), that earlier record."""
    connection.begin()
    earlier = _record(connection, values)
    if earlier is None:
        connection.commit()
    return earlier


def handle(
    orm: Joined, values: dict[str, object], wait: bool = False
) -> tuple[str | None, Later | None]:
    """Act on a text and record it with its reply, in the transaction of orm's connection;
    the caller commits, then queues what comes back (texts to send, answers to embed).
    For a repeat of a text already recorded, nothing it did is kept: the first one's reply
    comes back, with None for what to queue. With `wait`, the number's sign-ups are locked
    (waiting for another text to let go of them) before anything is read."""
    answered = apply(orm, Direct(orm.connection), values, wait)
    record = {
        **values,
        # DELETE blanks this text too (its MessageSid stays, to know Twilio's retries).
        "body": "" if answered.erased else values["body"],
        "from_number": "" if answered.erased else values["from_number"],
        "reply": answered.reply,
        "handled_at": utcnow(),
        "event_id": answered.event_id,
        "attendee_id": answered.attendee_id,
    }
    if (earlier := _record(orm.connection, record)) is not None:
        return earlier.reply, None
    return answered.reply, answered.later


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL; everything else is kept as sent."""
    return text.replace("\x00", "\ufffd")


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
