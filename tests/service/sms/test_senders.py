"""Senders we must not answer: they cannot read a reply, or would answer it back."""

import pytest
from sqlalchemy import func, select

from models import Attendee, InboundMessage, Session
from service.sms.senders import Sender, classify
from tests.helpers import SERVICE_NUMBER, Phone, reply_text

UNANSWERABLE = [
    "12345",  # a short code
    "898287",
    "AMAZON",  # alphanumeric sender ids
    "Bank-Alert",
    "VERIFY1",
    SERVICE_NUMBER,  # our own number: it would answer itself
    "+10115551234",  # numbers libphonenumber finds invalid
    "+999123456789",
    "+1999",
    "",
]


@pytest.mark.parametrize("sender", UNANSWERABLE)
def test_who_may_not_be_answered(sender):
    assert classify(sender, SERVICE_NUMBER) is Sender.UNANSWERABLE


@pytest.mark.parametrize(
    "sender", ["+14165550142", "4165550142", "+447911123456", "+4915112345678", "+15550100001"]
)
def test_phones_and_the_simulators_numbers_are_answered(sender):
    assert classify(sender, SERVICE_NUMBER) is Sender.PHONE


@pytest.mark.parametrize("sender", ["whatsapp:+14165550142", "WhatsApp:+447911123456"])
def test_whatsapp_senders_are_told_once(sender):
    assert classify(sender, SERVICE_NUMBER) is Sender.WHATSAPP


def inbound_count() -> int:
    with Session() as session:
        return session.scalar(select(func.count()).select_from(InboundMessage))


@pytest.mark.parametrize("sender", [s for s in UNANSWERABLE if s])
def test_an_unanswerable_sender_gets_empty_twiml_and_its_text_is_kept(client, event, sender):
    phone = Phone(client, sender)
    for body in ["FOLK", "Your code is 123456", "HELP"]:
        response = phone.post(phone.params(body))
        assert response.status_code == 200 and response.mimetype == "text/xml"
        assert reply_text(response.data) == ""
    assert inbound_count() == 3
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0


def test_a_whatsapp_sender_is_told_once_that_we_work_by_sms(client, event):
    phone = Phone(client, "whatsapp:+14165550142")
    first = phone.text("FOLK")
    assert "SMS" in first and "WhatsApp" in first
    assert phone.text("FOLK") == ""  # never again: no conversation with a bot
    assert phone.text("hello?") == ""
    assert inbound_count() == 3
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0
    # The same person by SMS signs up as anyone does.
    assert "Folk Night" in Phone(client, "+14165550142").text("FOLK")
