"""What people text, end to end through the signed webhook and the database: each behaviour
of the interpreter as a phone at the door, at a table and after the event meets it."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import (
    Attendee,
    Event,
    Match,
    MatchOffer,
    MatchRun,
    OutboundMessage,
    Round,
    Seat,
    Session,
    utcnow,
)
from tests.helpers import Phone
from workers.events.editing import create_event
from workers.texts.gsm import is_gsm7

ANA = "+14165550142"


def attendees():
    with Session() as session:
        return list(session.scalars(select(Attendee).order_by(Attendee.id)))


def person(number):
    with Session() as session:
        return session.scalars(select(Attendee).where(Attendee.phone == number)).one()


def sign_up(client, number, name, consent="yes", intro="skip"):
    phone = Phone(client, number)
    for text in ("FOLK", name, intro, "guitar", "sourdough", f"{name} Inc", "2", consent):
        phone.text(text)
    return phone


def seat(*tables, number=1, event_code="FOLK"):
    """Seat signed-up people at tables (lists of numbers) in a round that is on."""
    with Session() as session:
        event = session.scalars(select(Event).where(Event.code == event_code)).one()
        rnd = Round(event_id=event.id, number=number, status="sent")
        session.add(rnd)
        session.flush()
        for table, numbers in enumerate(tables, start=1):
            for phone in numbers:
                someone = session.scalars(select(Attendee).where(Attendee.phone == phone)).one()
                session.add(Seat(round_id=rnd.id, attendee_id=someone.id, table=table))
        session.commit()


def test_the_code_sent_twice_is_not_a_name(client, event):
    phone = Phone(client, ANA)
    assert "first name" in phone.text("FOLK")
    again = phone.text("FOLK")
    assert "you're joining Folk Night" in again and "first name" in again
    assert "Nice to meet you, Priya" in phone.text("hi, I'm Priya")
    assert [a.name for a in attendees()] == ["Priya"]


@pytest.mark.parametrize("text", ["hello", "what is this", "what is this?", "ok", "FOLK"])
def test_greetings_and_questions_are_not_names(client, event, text):
    phone = Phone(client, ANA)
    phone.text("FOLK")
    assert "first name" in phone.text(text)
    assert person(ANA).name is None


def test_a_first_text_with_a_name_keeps_it(client, event):
    reply = Phone(client, ANA).text("hi I'm Priya")
    assert "Welcome to Folk Night" in reply and "Nice to meet you, Priya" in reply
    assert person(ANA).name == "Priya" and person(ANA).step == "intro"


def test_a_long_formal_name_is_kept_and_tablemates_see_the_first_name(client, event):
    sign_up(client, ANA, "Dr. Eleanor Fitzgerald-O'Brien")
    sign_up(client, "+14165550143", "Raj")
    assert person(ANA).name == "Dr. Eleanor Fitzgerald-O'Brien"
    seat([ANA, "+14165550143"])
    assert "You're with Eleanor." in Phone(client, "+14165550143").text("TABLE")


@pytest.mark.parametrize("text", ["ok yes", "sure why not", "absolutely", "👍", "yes please"])
def test_consent_in_everyday_words(client, event, text):
    phone = sign_up(client, ANA, "Ana", consent=text)
    assert person(ANA).consent is True and person(ANA).status == "complete"
    assert "You're all set" in phone.text("hi")


@pytest.mark.parametrize("text", ["nah", "no thanks", "not now", "n"])
def test_no_in_everyday_words(client, event, text):
    sign_up(client, ANA, "Ana", consent=text)
    assert person(ANA).consent is False and person(ANA).status == "complete"


def test_where_do_i_sit_during_a_round_gives_the_table_as_it_is_now(client, event):
    for number, name in [(ANA, "Ana"), ("+14165550143", "Raj"), ("+14165550144", "Lee")]:
        sign_up(client, number, name)
    seat([ANA, "+14165550143", "+14165550144"])
    for text in ("what table am i at", "where do I sit?", "TABLE"):
        reply = Phone(client, ANA).text(text)
        assert reply.startswith("Round 1 of 3: go to TABLE 1. You're with Raj and Lee.")
    # Lee leaves; Zoë arrives late and is seated at the table with room (this one).
    assert "skip you" in Phone(client, "+14165550144").text("I have to go, my ride is here")
    assert person("+14165550144").status == "left"
    late = sign_up(client, "+14165550145", "Zoë")
    with Session() as session:
        assert session.scalars(select(Seat).where(Seat.late)).one().table == 1
        texted = session.scalars(select(OutboundMessage.body)).one()
    assert texted.startswith("Round 1 of 3: go to TABLE 1. You're with Ana, Raj and Lee.")
    now = Phone(client, ANA).text("where should I be?")
    assert now.startswith("Round 1 of 3: go to TABLE 1. You're with Raj and Zoe.")
    assert is_gsm7(now)  # one ë does not turn the text into UCS-2
    assert "You're with Ana and Raj." in late.text("wher do i sit")


def test_thanks_and_unclear_texts_during_a_round(client, event):
    phone = sign_up(client, ANA, "Ana")
    assert "when the first round starts" in phone.text("thanks!")
    seat([ANA])
    during = phone.text("thanks!")
    assert "Enjoy your table, Ana" in during
    unclear = phone.text("is there parking?")
    assert "Round 1 of 3 is on" in unclear and "when the round starts" not in unclear


def test_after_the_event_thanks_gets_thanks_and_what_comes_next(client, event):
    phone = sign_up(client, ANA, "Ana")
    seat([ANA], number=3)
    with Session() as session:
        session.add(MatchRun(event_id=event.id, token="t", send_at=utcnow()))
        session.commit()
    for text in ("thanks!", "thank you so much, great night", "bye!"):
        reply = phone.text(text)
        assert "Thanks for coming to Folk Night, Ana" in reply, text
        assert "round starts" not in reply
    assert "rounds are over" in phone.text("where do I sit?")


def offer(event_id, learner, teacher, numbers=(1, 1)):
    """Offer an introduction, as the match-up job does with double opt-in."""
    one, other = person(learner), person(teacher)
    with Session() as session:
        if session.get(MatchRun, event_id) is None:
            session.add(MatchRun(event_id=event_id, token="t", send_at=utcnow(), sent_at=utcnow()))
        match = Match(event_id=event_id, learner_id=one.id, teacher_id=other.id, learn="guitar",
                      teach="guitar", score=0.9, status="offered")  # fmt: skip
        session.add(match)
        session.flush()
        expires = utcnow() + timedelta(hours=72)
        for someone, n in zip((one, other), numbers, strict=True):
            session.add(MatchOffer(match_id=match.id, attendee_id=someone.id, number=n,
                                   expires_at=expires))  # fmt: skip
        session.commit()


def test_a_plain_yes_answers_the_one_open_offer(client, event):
    ana = sign_up(client, ANA, "Ana")
    raj = sign_up(client, "+14165550143", "Raj")
    offer(event.id, ANA, "+14165550143")
    assert "If Raj says yes too" in ana.text("yes")
    reply = raj.text("Y")
    assert "+1 416-555-0142" in reply  # both said yes: numbers exchanged
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)) == 1


def test_with_two_offers_open_a_plain_yes_asks_which(client, event):
    ana = sign_up(client, ANA, "Ana")
    sign_up(client, "+14165550143", "Raj")
    sign_up(client, "+14165550144", "Lee")
    offer(event.id, ANA, "+14165550143", (1, 1))
    offer(event.id, ANA, "+14165550144", (2, 1))
    assert "e.g. YES 1" in ana.text("yes")
    assert "no introduction to Lee" in ana.text("no thanks 2")
    assert "If Raj says yes too" in ana.text("yes")  # one open offer left


def test_a_closed_events_code_never_signs_up_for_another(client, event):
    with Session() as session:
        create_event(session, "Winter Social", "WINTER").is_open = False
        session.commit()
    reply = Phone(client, ANA).text("WINTER")
    assert "sign-up for Winter Social is closed" in reply
    assert attendees() == []


@pytest.mark.parametrize("text", ["HELP", "TABLE", "LEAVE", "BACK", "DELETE", "tabel"])
def test_a_keyword_before_signing_up_creates_nothing(client, event, text):
    assert "FOLK" in Phone(client, ANA).text(text)
    assert attendees() == []
