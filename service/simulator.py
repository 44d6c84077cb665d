"""The phone simulator: text the service as any number, see every reply (rehearsal mode)."""

import uuid

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from models import InboundMessage, OutboundMessage, Session
from service import csrf
from service.inbound import receive
from service.phones import to_e164

bp = Blueprint("simulator", __name__)
DEFAULT_PHONE = "+15550100001"
DEFAULT_SERVICE_NUMBER = "+15550100199"


@bp.before_request
def rehearsal_only():
    # Logged-in hosts get the simulator too once host accounts exist (the admin issue).
    if not current_app.config["REHEARSAL"]:
        abort(404)
    # The app-wide CSRF check is off for this blueprint only so that, outside rehearsal, the
    # page is simply not there (404, not 400). The form token is checked here instead, also
    # in rehearsal with nobody signed in: otherwise any web page could post texts to a
    # simulator on localhost, and its fake sign-ups would be texted for real once the same
    # database goes live with Twilio credentials.
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


@bp.get("/simulator")
def phone():
    """Show one virtual phone's conversation."""
    number = request.args.get("phone", DEFAULT_PHONE)
    return render_template("simulator.html", phone=number, thread=_thread(number))


@bp.post("/simulator")
def send():
    """Text the service from a virtual phone, through the same path as Twilio's webhook."""
    number = request.form.get("phone", "").strip() or DEFAULT_PHONE
    receive(
        {
            "MessageSid": f"SMsim{uuid.uuid4().hex}",
            "From": number,
            "To": current_app.config["TWILIO_FROM_NUMBER"] or DEFAULT_SERVICE_NUMBER,
            "Body": request.form.get("body", ""),
            "NumMedia": "0",
        }
    )
    return redirect(url_for("simulator.phone", phone=number))


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
        if message.reply:
            items.append((message.received_at, message.id, "reply", message.reply))
    items += [(m.created_at, m.id, "out", m.body) for m in outbound]
    items.sort(key=lambda item: (item[0].timestamp(), item[1], item[2] != "in"))
    return [(direction, body) for _, _, direction, body in items]
