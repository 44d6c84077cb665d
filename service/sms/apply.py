"""Carry out what the interpreter decided about a text: store it, and make its reply.

The text's context is read here (store.read_context), the interpreter decides, and the
decision is applied in the text's transaction: the sign-up saved (a late arrival seated),
STOP or START recorded, an offer answered, the table looked up, or the sign-up erased.
"""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from redis.exceptions import RedisError

from models.direct import Direct
from service.sms import senders, store
from service.sms.context import Decision, Profile
from service.sms.interpreter import interpret
from workers.intros import introductions, offers
from workers.outbox import delivery
from workers.people.optouts import set_opted_out
from workers.people.phones import region_of, to_e164
from workers.rounds import seating
from workers.runtime.queues import connect, queue
from workers.settings import config
from workers.texts import replies

if TYPE_CHECKING:  # receive.py imports this module
    from service.sms.receive import Joined

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Later:
    """What to queue once the text's transaction has committed."""

    texts: list[int]  # outbox rows to send now (a late arrival's table, an introduction)
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


def apply(orm: "Joined", db: Direct, values: dict[str, object], wait: bool) -> Answered:
    """Read the text's context, interpret the text, and carry out the decision, on the
    text's connection (`db`) and a Session joining its transaction (`orm.session`)."""
    to_number = to_e164(str(values["to_number"])) or str(values["to_number"])
    sender = senders.classify(str(values["from_number"]), to_number)
    if sender is senders.Sender.WHATSAPP:
        answered_before = db.first(store.ANSWERED_BEFORE, {"sender": values["from_number"]})
        return Answered(None if answered_before else replies.SMS_ONLY)
    phone = to_e164(str(values["from_number"]), region_of(to_number))
    if sender is senders.Sender.UNANSWERABLE or phone is None:
        return Answered(None)  # recorded, never answered: it could not read it, or would loop
    if wait:
        db.run(store.LOCK_SIGN_UPS, {"phone": phone})
    body = str(values["body"])
    context = store.read_context(db, phone, to_number, body)
    decision = interpret(context, body, int(values["num_media"]))  # type: ignore[arg-type]
    if decision.opt_out is not None:
        set_opted_out(orm.session, {phone}, decision.opt_out)
        return Answered(decision.reply)
    if decision.event_id is None:
        return Answered(decision.reply)
    sign_up = next((s for s in context.sign_ups if s.id == decision.sign_up_id), None)
    if decision.offer is not None and sign_up is not None:
        return _offer(orm, decision, sign_up.id)
    if decision.erase and sign_up is not None:
        store.erase(orm.session, sign_up.id)
        return Answered(decision.reply, decision.event_id, erased=True)
    if decision.show_table and sign_up is not None:
        # No seat in the round (yet): the interpreter's answer for that case.
        reply = seating.table_now(orm.session, decision.event_id, sign_up.id) or decision.reply
        return Answered(reply, decision.event_id, sign_up.id)
    if decision.profile is None:
        return Answered(decision.reply, decision.event_id, decision.sign_up_id)
    before = sign_up.profile if sign_up is not None else Profile()
    return _save(orm, db, decision, phone, before)


def _offer(orm: "Joined", decision: Decision, attendee_id: int) -> Answered:
    """An answer to an introduction offer; the other side's text once both said yes."""
    assert decision.offer is not None
    answered = offers.answer(orm.session, attendee_id, decision.offer)
    reply, texts = answered if answered is not None else (replies.OFFER_NONE, [])
    return Answered(reply, decision.event_id, attendee_id, Later(texts, None))


def _save(orm: "Joined", db: Direct, decision: Decision, phone: str, before: Profile) -> Answered:
    """Store the sign-up as decided; seat it at once when it just finished during a round."""
    after = decision.profile
    assert after is not None and decision.event_id is not None
    attendee_id = store.save(db, decision.event_id, phone, decision.sign_up_id, before, after)
    to_send = []
    if before.status == "signing_up" and after.status == "complete":
        # Finished sign-up while a round is running: seated at once, tablemates not re-texted.
        late = seating.seat_late(orm.session, decision.event_id, attendee_id)
        if late is not None:
            to_send.append(late)
    new_words = (after.learn, after.teach) != (before.learn, before.teach)
    later = Later(to_send, attendee_id if new_words else None)
    return Answered(decision.reply, decision.event_id, attendee_id, later)


def after_commit(later: Later) -> None:
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
                queue(connection).enqueue(introductions.embed_answers, later.embed)
    except RedisError:
        log.warning(
            "Redis is down: %d text(s) wait in the outbox for the sweeper", len(later.texts)
        )
