"""Twilio's webhooks: check the signature, run the conversation, answer TwiML."""

import hmac
import logging
import re
from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator, get_signature_algorithm

from service.sms.receive import receive
from workers.outbox.delivery_reports import record_status
from workers.texts import replies

bp = Blueprint("sms", __name__)
log = logging.getLogger(__name__)


@bp.post("/sms")
def inbound() -> tuple[Response, int]:
    """Take one text from Twilio and answer it in TwiML."""
    if not signature_is_valid():
        return twiml(None), 403
    try:
        reply = receive(request.form)
    except Exception:
        # The text is already recorded; the person gets a kind answer, never Twilio's error.
        log.exception("inbound text %s could not be handled", request.form.get("MessageSid"))
        reply = replies.SORRY
    return twiml(reply), 200


@bp.post("/sms/status")
def status() -> tuple[Response, int]:
    """Take Twilio's report of how far a text got."""
    if not signature_is_valid():
        return twiml(None), 403
    record_status(request.form.get("MessageSid", ""), request.form.get("MessageStatus", ""),
                  request.form.get("ErrorCode"))  # fmt: skip
    return twiml(None), 200


def signature_is_valid() -> bool:
    """Check X-Twilio-Signature as Twilio computes it; rehearsal mode has nothing to check."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    if current_app.config["REHEARSAL"] or not token:
        return True
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    public_url = current_app.config["PUBLIC_URL"]
    url = f"{public_url}{request.full_path.rstrip('?')}" if public_url else request.url
    algorithm = get_signature_algorithm(request.headers.get("X-Twilio-Webhooks-Signature-Settings"))
    validator = RequestValidator(str(token))
    try:
        expected = validator.compute_signature(url, request.form, algorithm)
        if hmac.compare_digest(expected.encode(), signature.encode()):
            # Signed over the URL exactly as received: one HMAC. validate() below always
            # computes two (the URL with and without its port), a tenth of a text's time.
            return True
    except ValueError:
        pass  # an algorithm the SDK does not know: validate() refuses it and logs why
    return validator.validate(url, request.form, signature, algorithm)


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# Characters XML 1.0 cannot carry at all, escaped or not: Twilio would refuse the document.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def twiml(reply: str | None) -> Response:
    """TwiML answering with one text, or an empty <Response/> to say nothing.

    Written out here rather than by the SDK's MessagingResponse, which builds an element
    tree for the one element: a twentieth of a text's time (py-spy). The same document.
    """
    message = escape(NOT_XML.sub("", reply or ""))
    if not message:
        return Response(f"{XML_DECLARATION}<Response />", mimetype="text/xml")
    return Response(
        f"{XML_DECLARATION}<Response><Message>{message}</Message></Response>", mimetype="text/xml"
    )
