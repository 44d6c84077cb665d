"""The host's consent wording is what the sign-up conversation asks, by text."""

import pytest
from sqlalchemy import select

from models import Attendee, Event, Session
from workers.events.editing import EventError, question_specs, update_event

HOSTS_WORDING = "Folk Night would like to text you one person to meet afterwards. OK? YES or NO"
ANSWERS = ["hi", "Ana", "skip", "guitar", "bread", "Acme", "2"]


def set_consent_text(event_id, text):
    with Session() as session:
        event = session.get_one(Event, event_id)
        update_event(
            session, event, name=event.name, code=event.code, table_size=event.table_size,
            rounds=event.rounds, phone_number=event.phone_number,
            questions=question_specs(event), tables=event.tables, consent_text=text,
        )  # fmt: skip
        session.commit()


def test_sign_up_asks_the_hosts_consent_wording(phone, event):
    set_consent_text(event.id, HOSTS_WORDING)
    replies = [phone.text(text) for text in ANSWERS]
    assert replies[-1] == HOSTS_WORDING
    assert phone.text("perhaps") == "Please reply YES or NO. " + HOSTS_WORDING
    assert "You're in, Ana" in phone.text("yes")
    with Session() as session:
        assert session.scalars(select(Attendee.consent)).one() is True


def test_without_the_hosts_wording_the_standard_question_is_asked(phone, event):
    replies = [phone.text(text) for text in ANSWERS]
    assert replies[-1].startswith("Last one: after the event, may we introduce you")


def test_a_changed_wording_is_asked_from_the_next_text(phone, event):
    for text in ANSWERS:
        phone.text(text)
    set_consent_text(event.id, HOSTS_WORDING)
    assert phone.text("hmm") == "Please reply YES or NO. " + HOSTS_WORDING


@pytest.mark.parametrize(
    "text", ["x" * 307, "May we introduce you? \U0001f60a " + "y" * 120], ids=["gsm7", "emoji"]
)
def test_a_wording_longer_than_two_texts_is_refused(app, event, text):
    with pytest.raises(EventError, match="must fit two text messages"):
        set_consent_text(event.id, text)
    set_consent_text(event.id, "x" * 300)  # two GSM-7 segments hold 306 characters
