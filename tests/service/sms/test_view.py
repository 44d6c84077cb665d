"""The TwiML we answer with: the document Twilio's SDK would write, and always well formed."""

from xml.etree import ElementTree

import pytest
from twilio.twiml.messaging_response import MessagingResponse

from service.sms.view import twiml
from workers.texts import replies
from workers.texts.gsm import fill

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff"


def sdk_twiml(reply):
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return str(response)


@pytest.mark.parametrize(
    "reply",
    [
        None,
        "",
        replies.NO_EVENT,
        fill(replies.WHICH_EVENT, example="FOLK"),
        "Tom & Jerry <3 \"quotes\" and 'apostrophes'",
        "Ana\nsecond line\tand a tab",
        "\u0639\u0644\u064a \u5f20\u4f1f \u0905\u0928\u093f\u0932 \U0001f600",
        LONG_NAME * 40,
    ],
)
def test_the_same_document_as_the_sdk_writes(reply):
    response = twiml(reply)
    assert response.mimetype == "text/xml"
    assert response.get_data(as_text=True) == sdk_twiml(reply)


def test_characters_xml_cannot_carry_are_left_out():
    """A control character or a lone surrogate would make the whole answer unreadable to
    Twilio; it is dropped and the rest is sent."""
    response = twiml("Hi\x00 Ana\x0b\x1f, see you\ud800 at table 3\ufffe")
    root = ElementTree.fromstring(response.get_data())
    assert [message.text for message in root.iter("Message")] == ["Hi Ana, see you at table 3"]


def test_a_reply_of_nothing_xml_can_carry_says_nothing():
    """Not an empty <Message/>, which Twilio could refuse: nothing at all."""
    assert twiml("\x00\x01\ud800").get_data(as_text=True) == sdk_twiml(None)
