"""The phone simulator: text the service as several numbers at once, see every reply."""

import uuid
from collections.abc import Sequence

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import ColumnElement, false, select, true

from models import Attendee, Event, InboundMessage, OutboundMessage, Question, Session
from service import csrf
from service.auth import current_host
from service.sms.receive import receive
from workers.events import event_hosts
from workers.people.phones import is_simulated, to_e164
from workers.people.simulated_people import (
    AskedQuestion,
    SimulatedPerson,
    sign_up_texts,
    simulated_people,
)

bp = Blueprint("simulator", __name__)
DEFAULT_PHONES = ("+15550100001", "+15550100002", "+15550100003")
DEFAULT_SERVICE_NUMBER = "+15550100199"
# Simulated attendees get numbers from +1 555 02x xxxx: fictional, and apart from the defaults.
CROWD_PREFIX = "+155502"
CROWD_SIZE = 30
MAX_PHONES = 8
NOT_SIMULATED = "With Twilio connected, the simulator only texts as +1 555 numbers."
NOT_YOURS = "This number is signed up at another host's event: use another one."
# Twilio answers these words itself (its default opt-out handling on long codes): a whole
# text of one of them, any case. The phone sees Twilio's reply; the simulator shows it,
# marked as Twilio's, beside ours.
TWILIO_OPT_OUT = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
TWILIO_OPT_IN = frozenset({"START", "UNSTOP"})
TWILIO_OPT_OUT_REPLY = (
    "You have successfully been unsubscribed. You will not receive any more messages from "
    "this number. Reply START to resubscribe."
)
TWILIO_OPT_IN_REPLY = (
    "You have successfully been re-subscribed to messages from this number. Reply HELP for "
    "help. Reply STOP to unsubscribe. Msg&Data Rates May Apply."
)


@bp.before_request
def rehearsal_or_host():
    # In rehearsal anyone on this machine may use it; with Twilio credentials only a
    # signed-in host, and only as the simulator's own +1 555 numbers, which delivery never
    # hands to Twilio (workers.people.phones.is_simulated). Otherwise the page is simply not there.
    if not current_app.config["REHEARSAL"] and current_host() is None:
        abort(404)
    # The app-wide CSRF check is off for this blueprint only so that, outside rehearsal, the
    # page is simply not there (404, not 400). The form token is checked here instead, also
    # in rehearsal with nobody signed in: otherwise any web page could post texts to a
    # simulator on localhost.
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


@bp.get("/simulator")
def phone():
    """Show several virtual phones side by side, each with its conversation."""
    phones = _phones(request.args.getlist("phone"))
    if added := request.args.get("add", "").strip():
        if added not in phones:
            phones = [*phones, added][-MAX_PHONES:]
        # Back to a plain list of phones, so a reload or a bookmark shows the same ones.
        return redirect(url_for("simulator.phone", phone=phones))
    with Session() as session:
        query = select(Event).where(Event.is_open, _runs()).order_by(Event.id.desc())
        events = session.scalars(query).all()
    return render_template(
        "simulator.html",
        phones=[(number, _thread(number)) for number in phones],
        events=events,
    )


@bp.get("/simulator/thread")
def thread():
    """One phone's conversation, for htmx to refresh in place."""
    number = request.args.get("phone", "")
    if refused := _refusal(number):
        return refused, 400
    return _bubbles(number)


@bp.post("/simulator")
def send():
    """Text the service from a virtual phone, through the same path as Twilio's webhook."""
    number = request.form.get("phone", "").strip() or DEFAULT_PHONES[0]
    if refused := _refusal(number):
        return refused, 400
    text(number, request.form.get("body", ""), _service_number(None))
    if request.headers.get("HX-Request"):
        return _bubbles(number)
    phones = _phones(request.form.getlist("phones") or [number])
    return redirect(url_for("simulator.phone", phone=phones))


@bp.post("/simulator/crowd")
def crowd():
    """Sign up 30 simulated people at an open event, each texting every answer."""
    phones = _phones(request.form.getlist("phones"))
    with Session() as session:
        query = select(Event).where(Event.is_open, _runs()).order_by(Event.id.desc())
        if event_id := request.form.get("event", type=int):
            # An id no table can hold (20 digits) matches no event, without asking.
            query = query.where(Event.id == event_id if 0 < event_id < 2**31 else false())
        event = session.scalars(query.limit(1)).first()
    if event is None:
        flash("No event is open for sign-up: create one first.", "error")
    else:
        added = sign_up_crowd(event, CROWD_SIZE)
        flash(f"{added} simulated attendees signed up for {event.code}.")
    return redirect(url_for("simulator.phone", phone=phones))


def text(number: str, body: str, to_number: str) -> str | None:
    """Post one text from number as Twilio would; return the reply."""
    return receive(
        {
            "MessageSid": f"SMsim{uuid.uuid4().hex}",
            "From": number,
            "To": to_number,
            "Body": body,
            "NumMedia": "0",
        }
    )


def sign_up_crowd(event: Event, count: int, seed: int | None = None) -> int:
    """Sign up count simulated people at the event by text; return how many."""
    questions = asked_questions(event.id)
    people = simulated_people(count, uuid.uuid4().int if seed is None else seed)
    for person, number in zip(people, free_numbers(count), strict=True):
        sign_up(event, questions, person, number)
    return count


def sign_up(
    event: Event, questions: Sequence[AskedQuestion], person: SimulatedPerson, number: str
) -> None:
    """Text every sign-up answer of one simulated person, as their phone would."""
    to_number = _service_number(event.phone_number)
    for body in sign_up_texts(person, event.code, questions):
        text(number, body, to_number)


def asked_questions(event_id: int) -> list[AskedQuestion]:
    """The event's own questions, in the order sign-up asks them."""
    with Session() as session:
        questions = session.scalars(
            select(Question).where(Question.event_id == event_id).order_by(Question.position)
        ).all()
    return [AskedQuestion(q.role, tuple(q.choices)) for q in questions]


def free_numbers(count: int) -> list[str]:
    """Simulated numbers that have never texted the service."""
    with Session() as session:
        used = set(
            session.scalars(
                select(InboundMessage.from_number).where(
                    InboundMessage.from_number.startswith(CROWD_PREFIX)
                )
            )
        )
    numbers = (f"{CROWD_PREFIX}{n:05d}" for n in range(100_000))
    found = [number for number in numbers if number not in used][:count]
    if len(found) < count:
        raise RuntimeError("no simulated phone numbers are left")
    return found


def _runs() -> ColumnElement[bool]:
    """The events the crowd may join: the signed-in host's own (any, in rehearsal with
    nobody signed in: only this machine can reach the page then)."""
    host = current_host()
    return true() if host is None else event_hosts.hosted_by(host)


def _bubbles(number: str) -> str:
    """One phone's thread as HTML, for htmx to swap in."""
    return get_template_attribute("simulator.html", "bubbles")(_thread(number))


def _service_number(event_number: str | None) -> str:
    return event_number or current_app.config["TWILIO_FROM_NUMBER"] or DEFAULT_SERVICE_NUMBER


def _phones(numbers: Sequence[str]) -> list[str]:
    """The phones to show, in order, without blanks, repeats or (live) real numbers."""
    kept = [n.strip() for n in numbers if n.strip() and _allowed(n.strip())]
    if kept:
        return list(dict.fromkeys(kept))[:MAX_PHONES]
    # Another host may have signed the default phones up at their events: then fresh ones.
    usable = [n for n in DEFAULT_PHONES if _allowed(n)]
    return usable + free_numbers(len(DEFAULT_PHONES) - len(usable))


def _allowed(number: str) -> bool:
    return _refusal(number) is None


def _refusal(number: str) -> str | None:
    """Why this page may not text as (or show) a number, or None.

    Any number in rehearsal, with Twilio credentials only the simulator's own; and for a
    signed-in host, never a number signed up at an event someone else runs: its thread
    holds that event's texts (tablemates, an introduction's number).
    """
    e164 = to_e164(number) or number
    if not (current_app.config["REHEARSAL"] or is_simulated(e164)):
        return NOT_SIMULATED
    host = current_host()
    if host is None:
        return None
    elsewhere = (
        select(Attendee.id)
        .join(Event, Event.id == Attendee.event_id)
        .where(Attendee.phone.in_({number, e164}), ~event_hosts.hosted_by(host))
        .limit(1)
    )
    with Session() as session:
        return NOT_YOURS if session.scalar(elsewhere) is not None else None


def twilio_reply(body: str | None) -> str | None:
    """What Twilio itself texts back to this text, or None."""
    word = (body or "").strip().upper()
    if word in TWILIO_OPT_OUT:
        return TWILIO_OPT_OUT_REPLY
    return TWILIO_OPT_IN_REPLY if word in TWILIO_OPT_IN else None


def _thread(number: str) -> list[tuple[str, str]]:
    """Every text to and from a number, oldest first, as (direction, body)."""
    e164 = to_e164(number) or number
    with Session() as session:
        inbound = session.scalars(
            select(InboundMessage).where(InboundMessage.from_number.in_({number, e164}))
        ).all()
        outbound = session.scalars(
            select(OutboundMessage).where(OutboundMessage.to_number == e164)
        ).all()
    items = []
    for message in inbound:
        items.append((message.received_at, message.id, "in", message.body))
        if twilio := twilio_reply(message.body):
            items.append((message.received_at, message.id, "twilio", twilio))
        if message.reply:
            items.append((message.received_at, message.id, "reply", message.reply))
    items += [(m.created_at, m.id, "out", m.body) for m in outbound]
    items.sort(key=lambda item: (item[0].timestamp(), item[1], item[2] != "in"))
    return [(direction, body) for _, _, direction, body in items]
