"""Receive one inbound text: record it, pick the event, run the conversation, save the result.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

from flask import current_app, has_app_context
from redis.exceptions import RedisError
from sqlalchemy import Connection, Row, bindparam, delete, exists, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session as SessionType

from models import Answer, Attendee, Event, InboundMessage, OptOut, OutboundMessage, Session, utcnow
from models import Question as Question_
from models.db import bound_engine
from models.direct import Direct
from service import config, conversation, keywords, offers, replies
from service.conversation import EventView, Profile, Question
from service.gsm import fill
from service.optouts import set_opted_out
from service.phones import region_of, to_e164
from workers import delivery, matches, rounds
from workers.queues import connect, queue

log = logging.getLogger(__name__)
# Core tables rather than ORM entities: this module reads and writes plain rows, and its
# statements run straight on the driver (models/direct.py), skipping the ORM's and Core's
# per-statement work (a third of a text's cost, then a fifth, measured by py-spy).
inbound, attendee, answer, opt_out = (
    m.__table__ for m in (InboundMessage, Attendee, Answer, OptOut)
)
event_t, question, outbound = Event.__table__, Question_.__table__, OutboundMessage.__table__
BODY_LIMIT = 10_000
ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.2  # after a lost database connection: 0.2 s, then 0.4 s
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when a NOWAIT lock is held elsewhere
PROFILE_FIELDS = tuple(f.name for f in fields(Profile) if f.name != "answers")


@dataclass(frozen=True)
class Text:
    """One inbound text, as received."""

    from_number: str
    to_number: str
    body: str
    num_media: int


@dataclass(frozen=True)
class Later:
    """What to queue once the text's transaction has committed."""

    texts: list[int]  # outbox rows to send now (a late arrival's table)
    embed: int | None  # an attendee whose learn or teach words changed


NOTHING_LATER = Later([], None)


@dataclass(frozen=True)
class Answered:
    """What a text came to: the reply, the event and attendee it was for, what to queue
    once committed, and whether it erased its sender's sign-up."""

    reply: str | None
    event_id: int | None = None
    attendee_id: int | None = None
    later: Later = NOTHING_LATER
    erased: bool = False


@dataclass(frozen=True)
class SignUp:
    """One of this number's sign-ups, as read (and locked) for this text."""

    id: int
    event_id: int
    updated_at: datetime
    opted_out: bool
    profile: Profile


@dataclass(frozen=True)
class OpenEvent:
    id: int
    code: str
    phone_number: str | None
    view: EventView


# The statements of the hot path, built once (building one costs more than running it).
RECORD = insert(inbound)
RECORDED = select(inbound.c.reply).where(inbound.c.sid == bindparam("sid"))
OPTED_OUT = exists().where(opt_out.c.phone == bindparam("phone"))
IS_OPTED_OUT = select(OPTED_OUT)
# A sign-up's columns and its answers' (one row per answer), named apart from the event's.
SIGN_UP_COLUMNS = (
    attendee.c.id.label("sign_up_id"),
    attendee.c.event_id.label("sign_up_event"),
    attendee.c.updated_at,
    attendee.c.opted_out,
    *(attendee.c[name].label(f"p_{name}") for name in PROFILE_FIELDS),
)
ANSWER_COLUMNS = (answer.c.question_id.label("answer_to"), answer.c.value.label("answer"))
EVENTS = (
    select(
        event_t.c.id,
        event_t.c.name,
        event_t.c.code,
        event_t.c.phone_number,
        event_t.c.consent_text,
        question.c.id.label("q_id"),
        question.c.text,
        question.c.choices,
    )
    .outerjoin(question, question.c.event_id == event_t.c.id)
    .order_by(event_t.c.id, question.c.position)
)
ON_THIS_NUMBER = (event_t.c.phone_number == bindparam("to")) | event_t.c.phone_number.is_(None)
# Every sign-up of this number, locked so two texts from one number are handled one after
# the other (in a sub-select: PostgreSQL cannot lock the nullable side of an outer join).
MINE = (
    select(*SIGN_UP_COLUMNS)
    .where(attendee.c.phone == bindparam("phone"))
    .with_for_update(nowait=True)
    .subquery("mine")
)
# Taken first, waiting, when the read above found the lock held (see the module's doc).
LOCK_SIGN_UPS = (
    select(attendee.c.id).where(attendee.c.phone == bindparam("phone")).with_for_update()
)
# Everything a usual text reads, in one statement: the events open on this number with
# their questions, this number's sign-ups there with their answers (a row per question and
# answer), and whether the number said STOP.
OPEN_EVENTS = (
    EVENTS.add_columns(
        *MINE.c,
        *ANSWER_COLUMNS,
        OPTED_OUT.label("number_opted_out"),
    )
    .outerjoin(MINE, MINE.c.sign_up_event == event_t.c.id)
    .outerjoin(answer, answer.c.attendee_id == MINE.c.sign_up_id)
    .where(event_t.c.is_open, ON_THIS_NUMBER)
)
EVENT_BY_ID = EVENTS.where(event_t.c.id == bindparam("event_id"))
# Sign-up closed: the number's latest sign-up at such an event still gets answers.
CLOSED_SIGN_UP = (
    select(attendee.c.event_id)
    .join(event_t, event_t.c.id == attendee.c.event_id)
    .where(attendee.c.phone == bindparam("phone"), ~event_t.c.is_open, ON_THIS_NUMBER)
    # Events bound to this number first, as for open events; then the latest texted about.
    .order_by(event_t.c.phone_number.is_(None), attendee.c.updated_at.desc(), attendee.c.id.desc())
    .limit(1)
)
CLOSED_NAMED = select(event_t.c.id, event_t.c.name).where(
    ~event_t.c.is_open, ON_THIS_NUMBER, event_t.c.code.in_(bindparam("codes", expanding=True))
)
SIGN_UP_AT = (
    select(*SIGN_UP_COLUMNS, *ANSWER_COLUMNS)
    .outerjoin(answer, answer.c.attendee_id == attendee.c.id)
    .where(attendee.c.phone == bindparam("phone"), attendee.c.event_id == bindparam("event_id"))
    .with_for_update(of=attendee, nowait=True)
)
NEW_SIGN_UP = insert(attendee).returning(attendee.c.id)
# The SET clause comes from the keys of the parameters: only what the conversation changed.
UPDATE_SIGN_UP = update(attendee).where(attendee.c.id == bindparam("attendee_id"))
NEW_ANSWER = insert(answer)
CHANGE_ANSWER = update(answer).where(
    answer.c.attendee_id == bindparam("a_id"), answer.c.question_id == bindparam("q_id")
)


def receive(params: Mapping[str, str]) -> str | None:
    """Handle the parameters Twilio posted for one text; return the reply (None: say nothing).

    The text is recorded in the same transaction as what it does, so both commit together
    (or neither: its MessageSid, unique, lets only one of two posts of a text commit); if
    acting on it fails, the record alone is committed before the error goes on.
    """
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()[:64]
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
                _after_commit(later)
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
        self._session: SessionType | None = None

    @property
    def session(self) -> SessionType:
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
    the caller commits, then sends the outbox rows whose ids come back (a late arrival's
    table). For a repeat of a text already recorded, nothing it did is kept: the first
    one's reply comes back, with None for what to queue. With `wait`, the number's sign-ups
    are locked (waiting for another text to let go of them) before anything is read."""
    text = Text(**{key: values[key] for key in ("from_number", "to_number", "body", "num_media")})
    answered = _respond(orm, Direct(orm.connection), text, wait)
    record = {
        **values,
        "body": "" if answered.erased else values["body"],  # DELETE blanks this text too
        "reply": answered.reply,
        "handled_at": utcnow(),
        "event_id": answered.event_id,
        "attendee_id": answered.attendee_id,
    }
    if (earlier := _record(orm.connection, record)) is not None:
        return earlier.reply, None
    return answered.reply, answered.later


def _respond(orm: Joined, db: Direct, text: Text, wait: bool) -> Answered:
    """Answer a text: the reply, and what else the record and the caller need to know."""
    to_number = to_e164(text.to_number) or text.to_number
    phone = to_e164(text.from_number, region_of(to_number))
    if phone is None:
        return Answered(replies.BAD_NUMBER)
    if wait:
        db.run(LOCK_SIGN_UPS, {"phone": phone})
    events, sign_ups, opted_out = _read(db, phone, to_number)
    carrier = conversation.carrier_keyword(text.body, opted_out)
    if carrier in ("opt_out", "opt_in"):
        set_opted_out(orm.session, {phone}, carrier == "opt_out")
        return Answered(None if carrier == "opt_out" else replies.OPTED_IN)
    if carrier == "ignore":
        return Answered(None)
    found, event = _pick_sign_up(sign_ups, events, text.body)
    command = keywords.parse(text.body)
    if found is None and (event is None or command is not None):
        # Not for an open event: maybe for this number's sign-up at a closed one.
        closed, closed_reply = _closed_sign_up(db, phone, to_number, text.body, command)
        if closed_reply is not None:
            return Answered(closed_reply)
        if closed is not None:
            found, event = closed
    if event is None:
        if not events:
            return Answered(replies.NO_EVENT)
        return Answered(fill(replies.WHICH_EVENT, example=events[0].code))
    if found is None:  # a first text: the sign-up is written once the conversation has run
        attendee_id, profile = None, Profile()
    else:
        attendee_id, profile = found.id, found.profile
        # "YES 1" to an introduction offered after the event (read first: most texts are
        # not, and they need no ORM Session).
        offer = (parsed := offers.parse_reply(text.body)) and offers.answer(
            orm.session, attendee_id, parsed
        )
        if offer is not None:
            reply, texts = offer
            return Answered(reply, event.id, attendee_id, Later(texts, None))
    view = event.view
    if command is not None and command.word == "TABLE" and attendee_id is not None:
        view = replace(view, table_text=_table_text(orm.session, attendee_id))
    new = attendee_id is None
    outcome = conversation.respond(profile, text.body, view, new=new, media=text.num_media)
    if outcome.erase:
        if attendee_id is not None:
            _erase(orm.session, attendee_id)
        return Answered(outcome.reply, event.id, erased=True)
    attendee_id = _save(db, event.id, phone, attendee_id, profile, outcome.profile)
    to_send = []
    if profile.status == "signing_up" and outcome.profile.status == "complete":
        # Finished sign-up while a round is running: seated at once, tablemates not re-texted.
        late = rounds.seat_late(orm.session, event.id, attendee_id)
        if late is not None:
            orm.session.flush()
            to_send.append(late.id)
    new_words = (outcome.profile.learn, outcome.profile.teach) != (profile.learn, profile.teach)
    later = Later(to_send, attendee_id if new_words else None)
    return Answered(outcome.reply, event.id, attendee_id, later)


def _table_text(session: SessionType, attendee_id: int) -> str | None:
    """The person's latest round text (or "every table is full"), for TABLE."""
    return session.scalar(
        select(outbound.c.body)
        .where(outbound.c.attendee_id == attendee_id, outbound.c.kind.in_(("round", "sit_out")))
        .order_by(outbound.c.round_id.desc())
        .limit(1)
    )


def _after_commit(later: Later) -> None:
    """Queue what the text set going: texts to send (with Redis down they wait in the
    outbox for the sweeper) and the vectors of new learn/teach words (with Redis down,
    the match-up job makes the missing ones itself)."""
    if not later.texts and later.embed is None:
        return
    redis_url = config.redis_url(current_app.config) if has_app_context() else None
    try:
        if later.texts:
            delivery.enqueue(later.texts, redis_url)
        if later.embed is not None and redis_url is not None:
            with connect(redis_url) as connection:
                queue(connection).enqueue(matches.embed_answers, later.embed)
    except RedisError:
        log.warning(
            "Redis is down: %d text(s) wait in the outbox for the sweeper", len(later.texts)
        )


def _read(db: Direct, phone: str, to_number: str) -> tuple[list[OpenEvent], list[SignUp], bool]:
    """The events open on this number (those bound to it before those open on any number),
    this number's sign-ups there, and whether it opted out; every sign-up of the number is
    locked for this text (or the read fails at once, see the module's doc)."""
    rows = db.rows(OPEN_EVENTS, {"to": to_number, "phone": phone})
    if not rows:
        return [], [], bool(db.scalar(IS_OPTED_OUT, {"phone": phone}))
    if any(row.phone_number == to_number for row in rows):
        rows = [row for row in rows if row.phone_number == to_number]
    sign_ups = _sign_ups(rows)
    # Opting out marks every sign-up of the number, so any of them tells; a number with
    # none here may still have said STOP before.
    opted_out = sign_ups[0].opted_out if sign_ups else rows[0].number_opted_out
    return _events(rows), sign_ups, bool(opted_out)


def _closed_sign_up(
    db: Direct, phone: str, to_number: str, body: str, command: keywords.Command | None
) -> tuple[tuple[SignUp, OpenEvent] | None, str | None]:
    """This number's latest sign-up at an event closed for sign-up on this Twilio number
    (keywords and its own answers still work there), or, for a text naming a closed event
    the number is not signed up to, the reply that its sign-up is closed."""
    event_id = db.scalar(CLOSED_SIGN_UP, {"phone": phone, "to": to_number})
    codes = [word.upper() for word in keywords.plain(body).split()[:10]]
    if command is None and codes:
        # Through SQLAlchemy: the list of codes is spelled out when the statement runs.
        named = db.connection.execute(CLOSED_NAMED, {"to": to_number, "codes": codes}).first()
        if named is not None and named.id != event_id:
            return None, fill(replies.SIGN_UP_CLOSED, event=named.name)
    if event_id is None:
        return None, None
    (event,) = _events(db.rows(EVENT_BY_ID, {"event_id": event_id}))
    rows = db.rows(SIGN_UP_AT, {"phone": phone, "event_id": event_id})
    if not rows:  # erased since the first statement
        return None, None
    return (_sign_ups(rows)[0], event), None


def _events(rows: Sequence) -> list[OpenEvent]:
    """Events with their questions, from rows of EVENTS (a row per question, or more)."""
    questions: dict[int, dict[int, Question]] = {}
    for row in rows:
        found = questions.setdefault(row.id, {})
        if row.q_id is not None and row.q_id not in found:
            found[row.q_id] = Question(str(row.q_id), row.text, tuple(row.choices))
    first = {row.id: row for row in reversed(rows)}
    return [
        OpenEvent(
            id,
            first[id].code,
            first[id].phone_number,
            EventView(
                first[id].name,
                first[id].code,
                tuple(found.values()),
                consent_text=first[id].consent_text,
            ),
        )
        for id, found in questions.items()
    ]


def _sign_ups(rows: Sequence) -> list[SignUp]:
    """Sign-ups with their answers, from rows holding SIGN_UP_COLUMNS and ANSWER_COLUMNS."""
    firsts: dict[int, object] = {}
    answers: dict[int, dict[str, str]] = {}
    for row in rows:
        if row.sign_up_id is None:  # an event this number has not signed up to
            continue
        firsts.setdefault(row.sign_up_id, row)
        found = answers.setdefault(row.sign_up_id, {})
        if row.answer_to is not None:  # None: no answers yet
            found[str(row.answer_to)] = row.answer
    return [
        SignUp(
            id,
            row.sign_up_event,
            row.updated_at,
            row.opted_out,
            Profile(
                **{name: getattr(row, f"p_{name}") for name in PROFILE_FIELDS}, answers=answers[id]
            ),
        )
        for id, row in firsts.items()
    ]


def _pick_sign_up(
    sign_ups: list[SignUp], events: list[OpenEvent], body: str
) -> tuple[SignUp | None, OpenEvent | None]:
    """Pick the sign-up this text belongs to (a code in the text, else the latest)."""
    if not events:
        return None, None
    mine = {sign_up.event_id: sign_up for sign_up in sign_ups}
    by_id = {event.id: event for event in events}
    words = set(keywords.plain(body).split())
    named = [e for e in events if e.code.casefold() in words]
    if len(named) == 1 and named[0].id not in mine:
        return None, named[0]
    if mine:
        latest = max(mine.values(), key=lambda sign_up: (sign_up.updated_at, sign_up.id))
        return latest, by_id[latest.event_id]
    if len(events) == 1:
        return None, events[0]
    return None, (named[0] if len(named) == 1 else None)


def _row(profile: Profile) -> dict[str, object]:
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def _save(
    db: Direct,
    event_id: int,
    phone: str,
    attendee_id: int | None,
    before: Profile,
    after: Profile,
) -> int:
    """Write what the conversation changed: the attendee row (a new one for a first text)
    and any new or changed answer. Returns the attendee's id."""
    now = utcnow()
    if attendee_id is None:
        # A concurrent first text from this number fails here on (event, phone), and is retried.
        new = {"event_id": event_id, "phone": phone, "opted_out": False, "created_at": now}
        attendee_id = db.scalar(NEW_SIGN_UP, {**new, "updated_at": now, **_row(after)})
    else:
        changed = {k: v for k, v in _row(after).items() if getattr(before, k) != v}
        db.run(UPDATE_SIGN_UP, {"attendee_id": attendee_id, "updated_at": now, **changed})
    for key, value in after.answers.items():
        if key not in before.answers:
            db.run(
                NEW_ANSWER, {"attendee_id": attendee_id, "question_id": int(key), "value": value}
            )
        elif before.answers[key] != value:
            db.run(CHANGE_ANSWER, {"a_id": attendee_id, "q_id": int(key), "value": value})
    return attendee_id


def _erase(session: SessionType, attendee_id: int) -> None:
    """DELETE confirmed: remove the sign-up and blank the bodies of its texts (this one is
    recorded blank by the caller)."""
    session.execute(
        update(inbound)
        .where(inbound.c.attendee_id == attendee_id)
        .values(body="", attendee_id=None)
    )
    session.execute(
        update(outbound)
        .where(outbound.c.attendee_id == attendee_id)
        .values(body="", attendee_id=None)
    )
    session.execute(delete(answer).where(answer.c.attendee_id == attendee_id))
    session.execute(delete(attendee).where(attendee.c.id == attendee_id))


def _storable(text: str) -> str:
    # PostgreSQL text cannot hold NUL; everything else is kept as sent.
    return text.replace("\x00", "\ufffd")


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
