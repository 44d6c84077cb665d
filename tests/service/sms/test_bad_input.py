"""Bad input through the real webhook: never a 5xx, always TwiML, nothing lost."""

import itertools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from models import Attendee, InboundMessage, Session
from service.sms.names import NAME_LIMIT
from tests.helpers import AUTH_TOKEN, Phone, reply_text
from workers.texts import replies
from workers.texts.gsm import segments

BODIES = {
    "empty": "",
    "whitespace": " \n\t  ",
    "emoji": "😀🎉👍🏽",
    "1600 characters": "All work and no play makes Jack a dull boy. " * 36 + "x" * 16,
    "arabic": "مرحبا، أنا أحب تعلم البرمجة",
    "hebrew": "שלום, אני רוצה ללמוד לבשל",
    "chinese": "你好，我想学习吉他",
    "hindi": "नमस्ते, मैं खाना बनाना सीखना चाहता हूँ",
    "control characters": "a\x00b\x01c\x1bd\x7fe",
    "sql": "'; DROP TABLE attendee; --",
}


def stored_bodies():
    with Session() as session:
        return session.scalars(select(InboundMessage.body).order_by(InboundMessage.id)).all()


@pytest.mark.parametrize(("kind", "body"), BODIES.items(), ids=BODIES.keys())
@pytest.mark.parametrize("step", range(4), ids=["first", "name", "intro", "learn"])
def test_odd_bodies_at_each_step(phone, event, kind, body, step):
    for answer in ["hi", "Ana", "skip"][:step]:
        phone.text(answer)
    response = phone.post(phone.params(body))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    reply = reply_text(response.data)
    assert reply and segments(reply) <= 2
    assert stored_bodies()[-1] == body.replace("\x00", "\ufffd")  # kept as sent


def test_sql_looking_text_is_just_text(phone, event):
    phone.text("hi")
    phone.text("Robert'); DROP TABLE attendee;--")
    with Session() as session:
        assert session.scalars(select(Attendee.name)).one() == "Robert"


def test_an_mms_with_pictures_and_no_body(phone, event):
    phone.text("hi")
    reply = phone.text("", NumMedia="2", MediaUrl0="https://example.org/a.jpg")
    assert "pictures" in reply and "first name" in reply


def test_a_to_number_with_no_event(client):
    reply = Phone(client, "+14165550142", to="+14165550100").text("FOLK")
    assert "no event is open" in reply
    assert stored_bodies() == ["FOLK"]


def test_an_event_bound_to_a_number_is_reached_on_that_number_only(client, event):
    from workers.events.editing import create_event

    with Session() as session:
        create_event(session, "Jazz", "JAZZ", phone_number="+14165550100")
        session.commit()
    assert "Welcome to Jazz" in Phone(client, "+14165550142", to="+14165550100").text("hi")
    assert "Welcome to Folk Night" in Phone(client, "+14165550143").text("hi")


def test_several_events_on_a_number_the_code_picks(client, event):
    from workers.events.editing import create_event

    with Session() as session:
        create_event(session, "Jazz Brunch", "JAZZ")
        session.commit()
    phone = Phone(client, "+14165550142")
    assert "Which event" in phone.text("hello")
    assert "Jazz Brunch" in phone.text("jazz!")
    assert "two sentences" in phone.text("Ana")  # the sign-up goes on without the code
    assert "Folk Night" in Phone(client, "+14165550143").text("Hi, FOLK please")


@pytest.mark.parametrize("sender", ["not-a-number", "12345", "+1", ""])
def test_a_from_that_is_not_a_phone_number(client, event, sender):
    # Recorded, never answered (see tests/service/sms/test_senders.py): it cannot read a reply.
    reply = Phone(client, sender).text("hi")
    assert reply == ""
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0
    assert stored_bodies() == ["hi"]


def test_local_numbers_are_stored_in_e164(client, event):
    Phone(client, "(416) 555-0142").text("hi")
    with Session() as session:
        assert session.scalars(select(Attendee.phone)).one() == "+14165550142"


def test_teach_before_a_name(phone, event):
    phone.text("hi")
    reply = phone.text("TEACH woodworking")
    assert "you can teach woodworking" in reply and "first name" in reply
    phone.text("Ana")
    phone.text("skip")
    assert "teach" not in phone.text("knitting").split("?")[0]
    with Session() as session:
        attendee = session.scalars(select(Attendee)).one()
    first_question = f"q:{event.questions[0].id}"
    assert (attendee.teach, attendee.learn, attendee.step) == (
        "woodworking",
        "knitting",
        first_question,
    )


def test_a_300_character_name_is_kept_short(phone, event):
    phone.text("hi")
    reply = phone.text("Maximilian" * 30)
    with Session() as session:
        name = session.scalars(select(Attendee.name)).one()
    assert name == "Maximilian" * 6  # as typed, to the column's 60 characters
    assert "Nice to meet you, MaximilianMaximilian!" in reply  # shortened for texts


def test_stop_is_honoured_and_nothing_is_said_until_start(phone, event):
    phone.text("hi")
    assert phone.text("STOP") == ""
    with Session() as session:
        assert session.scalars(select(Attendee.opted_out)).one() is True
    assert phone.text("Ana") == ""
    assert "again" in phone.text("START")
    with Session() as session:
        attendee = session.scalars(select(Attendee)).one()
    assert attendee.opted_out is False and attendee.name is None


def test_stop_as_the_very_first_text(phone, event):
    assert phone.text("stop") == ""
    assert phone.text("hi") == ""
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0


def test_delete_erases_the_attendee_and_their_texts(phone, event):
    for text in ["hi", "Ana", "I bake.", "guitar", "bread"]:
        phone.text(text)
    assert "Reply YES" in phone.text("DELETE")
    assert "erased" in phone.text("yes")
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0
        kept = session.execute(select(InboundMessage.body, InboundMessage.from_number)).all()
    # Only the confirming text's record is kept (its MessageSid knows Twilio's retries),
    # with neither its body nor its number.
    assert [tuple(row) for row in kept] == [("", "")]


KEYWORDS = ["HELP", "hlep", "TABLE", "LEAVE", "BACK", "DELETE", "yes", "no", "STOP", "START",
            "SKIP", "LEARN guitar", "TEACH", "NAME Ana", "1", "9", "FOLK"]  # fmt: skip
BODY = st.one_of(
    st.sampled_from(KEYWORDS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=1600),
)
numbers = itertools.count(1000)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(BODY, min_size=1, max_size=12), media=st.integers(0, 3))
@example(texts=["yes", "DELETE", "DELETE", "yes", "DELETE", "DELETE"], media=0)  # two erasures
def test_any_sequence_of_texts_keeps_the_invariants(client, event, texts, media):
    phone = Phone(client, f"+1416555{next(numbers):04d}")
    with Session() as session:
        before = session.scalar(select(func.count()).select_from(InboundMessage))
    # Texts that must still be recorded: those since the last erasure, and each erasure's
    # confirming text (kept for Twilio's retries, scrubbed of body and number).
    erasures = since = 0
    for text in texts:
        response = phone.post(phone.params(text, NumMedia=str(media)))
        assert response.status_code == 200
        assert response.mimetype == "text/xml"
        reply = reply_text(response.data)
        assert segments(reply) <= 2
        erased = reply == replies.DELETED  # DELETE + YES (or DELETE again) erases the rest
        erasures, since = (erasures + 1, 0) if erased else (erasures, since + 1)
    kept = erasures + since
    with Session() as session:
        after = session.scalar(select(func.count()).select_from(InboundMessage))
        mine = session.scalars(select(Attendee).where(Attendee.phone == phone.number)).all()
        unhandled = session.scalar(select(func.count()).where(InboundMessage.handled_at.is_(None)))
    assert after - before == kept  # every text recorded (but what DELETE erased)
    assert unhandled == 0  # and acted on
    assert len(mine) <= 1
    for attendee in mine:
        assert attendee.status in {"signing_up", "complete", "left"}
        assert attendee.name is None or 0 < len(attendee.name) <= NAME_LIMIT  # the column


@pytest.mark.parametrize("field", ["MessageSid", "From", "To", "Body", "NumMedia", "AccountSid"])
def test_a_nul_in_any_field_is_stored_not_refused(phone, event, field):
    # PostgreSQL refused a NUL in MessageSid, twice, and the sender got "something went
    # wrong"; now every field is made storable before it reaches the database.
    params = phone.params("FOLK")
    params[field] = params[field][:6] + "\x00" + params[field][6:]
    response = phone.post(params)
    assert response.status_code == 200
    # A garbled sender is no number we can answer; every other field leaves the reply as is.
    assert bool(reply_text(response.data)) == (field != "From")
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 1
        assert session.scalar(select(func.count()).where(InboundMessage.handled_at.is_(None))) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"MessageSid": "SM\x00abc", "MessageStatus": "delivered"},
        {"MessageSid": "SMabc", "MessageStatus": "deliv\x00ered"},
        {"MessageSid": "SMabc", "MessageStatus": "failed", "ErrorCode": "3\x000"},
        {"MessageSid": "SMabc", "MessageStatus": "failed", "ErrorCode": "²"},
    ],
)
def test_odd_status_reports_are_answered_200(client, fields):
    phone = Phone(client, "+14165550100", url="http://localhost/sms/status")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(phone.url, fields)
    response = client.post("/sms/status", data=fields, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
