"""The webhook's statements: read a text's Context in one statement, write what it decided.

Every statement is built once (building one costs more than running it) and runs straight
on the driver (models/direct.py): this is the hot path of a room of people texting at once
(bench/webhook). The read locks the number's sign-ups without waiting (see receive.py).
"""

from collections.abc import Sequence
from dataclasses import fields

from sqlalchemy import bindparam, case, exists, func, insert, or_, orm, select, update

from models import (
    Answer,
    Attendee,
    Event,
    InboundMessage,
    MatchOffer,
    MatchRun,
    OptOut,
    OutboundMessage,
    Question,
    Round,
    utcnow,
)
from models.direct import Direct
from service.sms.context import Context, EventQuestion, EventState, Profile, SignUp
from service.sms.reading import CODE_WORDS, code
from workers.retention import erasure

# Core tables rather than ORM entities: this module reads and writes plain rows.
inbound, attendee, answer, opt_out = (
    m.__table__ for m in (InboundMessage, Attendee, Answer, OptOut)
)
event_t, question, outbound = Event.__table__, Question.__table__, OutboundMessage.__table__
round_t, match_run, offer_t = Round.__table__, MatchRun.__table__, MatchOffer.__table__
PROFILE_FIELDS = tuple(f.name for f in fields(Profile) if f.name != "answers")

OPTED_OUT = exists().where(opt_out.c.phone == bindparam("phone"))
IS_OPTED_OUT = select(OPTED_OUT)
# A sign-up's columns and its answers' (one row per answer), named apart from the event's.
SIGN_UP_COLUMNS = (
    attendee.c.id.label("sign_up_id"),
    attendee.c.event_id.label("sign_up_event"),
    attendee.c.updated_at,
    *(attendee.c[name].label(f"p_{name}") for name in PROFILE_FIELDS),
)
ANSWER_COLUMNS = (answer.c.question_id.label("answer_to"), answer.c.value.label("answer"))
# How far each event's night is: its latest round seated, and whether introductions are on.
SEATED_ROUND = (
    select(func.max(round_t.c.number))
    .where(round_t.c.event_id == event_t.c.id, round_t.c.status != "planning")
    .scalar_subquery()
)
MATCHED = exists().where(match_run.c.event_id == event_t.c.id)
INTROS_SENT = exists().where(match_run.c.event_id == event_t.c.id, match_run.c.sent_at.is_not(None))
# Every sign-up of this number, locked so two texts from one number are handled one after
# the other (in a sub-select: PostgreSQL cannot lock the nullable side of an outer join).
MINE = (
    select(*SIGN_UP_COLUMNS)
    .where(attendee.c.phone == bindparam("phone"))
    .with_for_update(nowait=True)
    .subquery("mine")
)
# Taken first, waiting, when the read found the lock held (see receive.py).
# A sender we answer once only (WhatsApp): have we answered it before?
ANSWERED_BEFORE = (
    select(inbound.c.id)
    .where(inbound.c.from_number == bindparam("sender"), inbound.c.reply.is_not(None))
    .limit(1)
)
LOCK_SIGN_UPS = (
    select(attendee.c.id).where(attendee.c.phone == bindparam("phone")).with_for_update()
)
ON_THIS_NUMBER = (event_t.c.phone_number == bindparam("to")) | event_t.c.phone_number.is_(None)
# The sign-up's open introduction offers (unanswered, unexpired): the lowest and highest
# number, so one open offer is known by its number. Looked up only for people done with
# sign-up once their event's introductions are on: most texts are neither.
_open_offer = (
    (offer_t.c.attendee_id == MINE.c.sign_up_id)
    & offer_t.c.answer.is_(None)
    & (offer_t.c.expires_at > bindparam("now"))
)
OFFER_COLUMNS = tuple(
    case(
        (
            (MINE.c.p_step == "done") & MATCHED,
            select(bound(offer_t.c.number)).where(_open_offer).scalar_subquery(),
        )
    ).label(label)
    for bound, label in ((func.min, "first_open"), (func.max, "last_open"))
)
# Everything a text reads, in one statement: the events on this number that it may be
# about (open for sign-up, signed up to, or named by a code in the text) with their
# questions, this number's sign-ups there with their answers (a row per question and
# answer), and whether the number said STOP.
CONTEXT = (
    select(
        event_t.c.id,
        event_t.c.name,
        event_t.c.code,
        event_t.c.phone_number,
        event_t.c.consent_text,
        event_t.c.is_open,
        event_t.c.rounds,
        SEATED_ROUND.label("seated_round"),
        MATCHED.label("matched"),
        INTROS_SENT.label("intros_sent"),
        question.c.id.label("q_id"),
        question.c.text,
        question.c.choices,
        *MINE.c,
        *OFFER_COLUMNS,
        *ANSWER_COLUMNS,
        OPTED_OUT.label("number_opted_out"),
    )
    .outerjoin(question, question.c.event_id == event_t.c.id)
    .outerjoin(MINE, MINE.c.sign_up_event == event_t.c.id)
    .outerjoin(answer, answer.c.attendee_id == MINE.c.sign_up_id)
    .where(
        ON_THIS_NUMBER,
        or_(
            event_t.c.is_open,
            MINE.c.sign_up_id.is_not(None),
            # " FOLK HI THERE " holds " FOLK ": one parameter, whatever the words
            bindparam("codes").contains(" " + event_t.c.code + " "),
        ),
    )
    .order_by(event_t.c.id, question.c.position)
)
NEW_SIGN_UP = insert(attendee).returning(attendee.c.id)
# The SET clause comes from the keys of the parameters: only what the interpreter changed.
UPDATE_SIGN_UP = update(attendee).where(attendee.c.id == bindparam("attendee_id"))
NEW_ANSWER = insert(answer)
CHANGE_ANSWER = update(answer).where(
    answer.c.attendee_id == bindparam("a_id"), answer.c.question_id == bindparam("q_id")
)


def read_context(db: Direct, phone: str, to_number: str, body: str) -> Context:
    """The Context of a text from `phone` to `to_number`; every sign-up of the number is
    locked for this text (or the read fails at once, see receive.py)."""
    codes = " ".join(code(word) for word in body.split()[:CODE_WORDS])
    params = {"to": to_number, "phone": phone, "now": utcnow(), "codes": f" {codes} "}
    rows = db.rows(CONTEXT, params)
    if not rows:
        return Context(opted_out=bool(db.scalar(IS_OPTED_OUT, {"phone": phone})))
    sign_ups = tuple(_sign_ups(rows))
    return Context(_events(rows, to_number), sign_ups, bool(rows[0].number_opted_out))


def _events(rows: Sequence, to_number: str) -> tuple[EventState, ...]:
    """Events with their questions, from rows of CONTEXT (a row per question, or more)."""
    questions: dict[int, dict[int, EventQuestion]] = {}
    for row in rows:
        found = questions.setdefault(row.id, {})
        if row.q_id is not None and row.q_id not in found:
            found[row.q_id] = EventQuestion(str(row.q_id), row.text, tuple(row.choices))
    first = {row.id: row for row in reversed(rows)}
    return tuple(
        EventState(
            id,
            first[id].name,
            first[id].code,
            is_open=bool(first[id].is_open),
            questions=tuple(found.values()),
            consent_text=first[id].consent_text,
            bound=first[id].phone_number == to_number,
            round=first[id].seated_round or 0,
            rounds=first[id].rounds,
            matched=bool(first[id].matched),
            intros_sent=bool(first[id].intros_sent),
        )
        for id, found in questions.items()
    )


def _sign_ups(rows: Sequence) -> list[SignUp]:
    """Sign-ups with their answers."""
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
            Profile(
                **{name: getattr(row, f"p_{name}") for name in PROFILE_FIELDS},
                answers=answers[id],
            ),
            updated_at=row.updated_at,
            open_offers=0 if row.first_open is None else 1 + (row.last_open != row.first_open),
            first_open_offer=row.first_open,
        )
        for id, row in firsts.items()
    ]


def _row(profile: Profile) -> dict[str, object]:
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def save(
    db: Direct,
    event_id: int,
    phone: str,
    attendee_id: int | None,
    before: Profile,
    after: Profile,
) -> int:
    """Write what the interpreter changed: the attendee row (a new one for a first text)
    and any new or changed answer. Returns the attendee's id."""
    now = utcnow()
    if attendee_id is None:
        # A concurrent first text from this number fails here on (event, phone), and is retried.
        new = {"event_id": event_id, "phone": phone, "created_at": now}
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


def erase(session: orm.Session, attendee_id: int) -> None:
    """DELETE confirmed: erase the sign-up and every trace of it (workers.retention.erasure); this
    text is recorded by the caller with its body and number blanked."""
    erasure.erase_people(session, [attendee_id])
