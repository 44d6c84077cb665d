"""Receive one inbound text: record it, pick the event, run the conversation, save the result."""

import logging
import uuid
from collections.abc import Mapping

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as SessionType

from models import Answer, Attendee, Event, InboundMessage, OptOut, OutboundMessage, Session, utcnow
from service import conversation, keywords, replies
from service.conversation import EventView, Profile, Question
from service.gsm import fill
from service.phones import region_of, to_e164

log = logging.getLogger(__name__)
BODY_LIMIT = 10_000
ATTEMPTS = 3


def receive(params: Mapping[str, str]) -> str | None:
    """Handle the parameters Twilio posted for one text; return the reply (None: say nothing)."""
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()[:64]
    message = InboundMessage(
        sid=sid or f"local-{uuid.uuid4().hex}",
        from_number=_storable(params.get("From", ""))[:40],
        to_number=_storable(params.get("To", ""))[:40],
        body=_storable(params.get("Body", ""))[:BODY_LIMIT],
        num_media=_int(params.get("NumMedia")),
    )
    with Session() as session:
        session.add(message)
        try:
            session.commit()  # recorded before anything acts on it
        except IntegrityError:
            session.rollback()
            # The same MessageSid again (Twilio retried, or two posts at once): one effect only.
            return session.scalar(select(InboundMessage.reply).where(InboundMessage.sid == sid))
    for attempt in range(1, ATTEMPTS + 1):
        with Session() as session:
            try:
                reply = handle(session, session.get_one(InboundMessage, message.id))
                session.commit()
                return reply
            except IntegrityError:
                # Another text from the same number created the sign-up first: read it and retry.
                session.rollback()
                if attempt == ATTEMPTS:
                    raise
    return None  # pragma: no cover - the loop returns or raises


def handle(session: SessionType, message: InboundMessage) -> str | None:
    """Act on a recorded text and store the reply on it; the caller commits."""
    reply = _respond(session, message)
    message.reply = reply
    message.handled_at = utcnow()
    return reply


def _respond(session: SessionType, message: InboundMessage) -> str | None:
    to_number = to_e164(message.to_number) or message.to_number
    phone = to_e164(message.from_number, region_of(to_number))
    if phone is None:
        return replies.BAD_NUMBER
    opted_out = session.get(OptOut, phone) is not None
    carrier = conversation.carrier_keyword(message.body, opted_out)
    if carrier == "opt_out":
        _set_opt_out(session, phone, True)
        return None
    if carrier == "opt_in":
        _set_opt_out(session, phone, False)
        return replies.OPTED_IN
    if carrier == "ignore":
        return None
    events = _open_events(session, to_number)
    attendee, event = _find_sign_up(session, phone, events, message.body)
    if event is None:
        if not events:
            return replies.NO_EVENT
        return fill(replies.WHICH_EVENT, example=events[0].code)
    new = attendee is None
    if attendee is None:
        attendee = Attendee(event=event, phone=phone)
        session.add(attendee)
        session.flush()  # a concurrent first text from this number fails here, and is retried
    message.event_id = event.id
    message.attendee_id = attendee.id
    outcome = conversation.respond(
        _profile(attendee), message.body, _event_view(event), new=new, media=message.num_media
    )
    if outcome.erase:
        _erase(session, attendee)
    else:
        _save(session, attendee, outcome.profile)
    return outcome.reply


def _open_events(session: SessionType, to_number: str) -> list[Event]:
    """Events open on this number; those bound to it come before those open on any number."""
    query = (
        select(Event)
        .where(Event.is_open, (Event.phone_number == to_number) | Event.phone_number.is_(None))
        .order_by(Event.id)
    )
    found = list(session.scalars(query))
    bound = [event for event in found if event.phone_number == to_number]
    return bound or found


def _find_sign_up(
    session: SessionType, phone: str, events: list[Event], body: str
) -> tuple[Attendee | None, Event | None]:
    """Pick the sign-up this text belongs to: a code in the text, else the latest one."""
    if not events:
        return None, None
    query = (
        select(Attendee)
        .where(Attendee.phone == phone, Attendee.event_id.in_([e.id for e in events]))
        .with_for_update()  # two texts from one number are handled one after the other
    )
    mine = {a.event_id: a for a in session.scalars(query)}
    words = set(keywords.plain(body).split())
    named = [e for e in events if e.code.casefold() in words]
    if len(named) == 1 and named[0].id not in mine:
        return None, named[0]
    if mine:
        latest = max(mine.values(), key=lambda a: (a.updated_at, a.id))
        return latest, latest.event
    if len(events) == 1:
        return None, events[0]
    return None, (named[0] if len(named) == 1 else None)


def _profile(attendee: Attendee) -> Profile:
    return Profile(
        step=attendee.step,
        resume_step=attendee.resume_step,
        name=attendee.name,
        intro=attendee.intro,
        learn=attendee.learn,
        teach=attendee.teach,
        answers={str(a.question_id): a.value for a in attendee.answers},
        consent=attendee.consent,
        status=attendee.status,
    )


def _event_view(event: Event) -> EventView:
    questions = tuple(Question(str(q.id), q.text, tuple(q.choices)) for q in event.questions)
    return EventView(name=event.name, code=event.code, questions=questions)


def _save(session: SessionType, attendee: Attendee, profile: Profile) -> None:
    for name in ("step", "resume_step", "name", "intro", "learn", "teach", "consent", "status"):
        setattr(attendee, name, getattr(profile, name))
    attendee.updated_at = utcnow()
    existing = {str(a.question_id): a for a in attendee.answers}
    for key, value in profile.answers.items():
        if key in existing:
            existing[key].value = value
        else:
            attendee.answers.append(Answer(question_id=int(key), value=value))


def _erase(session: SessionType, attendee: Attendee) -> None:
    """DELETE confirmed: remove the sign-up and blank the bodies of its texts."""
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.attendee_id == attendee.id)
        .values(body="", attendee_id=None)
    )
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.attendee_id == attendee.id)
        .values(body="", attendee_id=None)
    )
    session.delete(attendee)


def _set_opt_out(session: SessionType, phone: str, opted_out: bool) -> None:
    """Record STOP or START for a number, across every event it signed up for."""
    if opted_out and session.get(OptOut, phone) is None:
        session.add(OptOut(phone=phone))
    if not opted_out:
        session.execute(delete(OptOut).where(OptOut.phone == phone))
    session.execute(update(Attendee).where(Attendee.phone == phone).values(opted_out=opted_out))


def _storable(text: str) -> str:
    # PostgreSQL text cannot hold NUL; everything else is kept as sent.
    return text.replace("\x00", "\ufffd")


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
