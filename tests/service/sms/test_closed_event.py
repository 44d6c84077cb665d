"""After the host closes sign-up, people already signed up are still answered; nobody new joins."""

from sqlalchemy import func, select

from models import Attendee, Event, OptOut, Round, Seat, Session
from tests.helpers import SERVICE_NUMBER, Phone
from workers.events.editing import create_event

ANSWERS = ["hi", "Ana", "skip", "guitar", "bread", "Acme", "2", "yes"]


def sign_up(phone, answers=ANSWERS):
    return [phone.text(text) for text in answers]


def close(code="FOLK"):
    with Session() as session:
        session.scalars(select(Event).where(Event.code == code)).one().is_open = False
        session.commit()


def sign_ups():
    with Session() as session:
        return session.scalar(select(func.count()).select_from(Attendee))


def seat(phone_number, table_text):
    """Give the person a seat at table 3 with Raj and Lee, and a round text, as a round would."""
    from models import OutboundMessage

    with Session() as session:
        person = session.scalars(select(Attendee).where(Attendee.phone == phone_number)).one()
        rnd = Round(event_id=person.event_id, number=1, status="sending")
        mates = [
            Attendee(event_id=person.event_id, phone=f"+1416555010{i}", name=name,
                     step="done", status="complete")
            for i, name in enumerate(("Raj", "Lee"))
        ]  # fmt: skip
        session.add_all([rnd, *mates])
        session.flush()
        for someone in (person, *mates):
            session.add(Seat(round_id=rnd.id, attendee_id=someone.id, table=3))
        session.add(OutboundMessage(event_id=person.event_id, round_id=rnd.id,
                                    attendee_id=person.id, to_number=phone_number,
                                    body=table_text, kind="round"))  # fmt: skip
        session.commit()


def test_keywords_still_work_after_sign_up_closes(phone, event):
    sign_up(phone)
    seat(phone.number, "Round 1 of 3: go to TABLE 3. You're with Raj and Lee.")
    close()
    assert phone.text("TABLE").startswith("Round 1 of 3: go to TABLE 3. You're with Raj and Lee.")
    assert "Tablemates, Folk Night" in phone.text("help")
    assert "NAME" in phone.text("HELP") and "no event is open" not in phone.text("HELP")
    assert "we'll call you Anna" in phone.text("NAME Anna")
    assert "skip you" in phone.text("LEAVE")
    assert "Welcome back, Anna" in phone.text("BACK")
    assert "Enjoy your table, Anna" in phone.text("thanks!")
    with Session() as session:
        person = session.scalars(select(Attendee).where(Attendee.phone == phone.number)).one()
        assert (person.name, person.status) == ("Anna", "complete")


def test_delete_still_erases_after_sign_up_closes(phone, event):
    sign_up(phone)
    close()
    assert "Reply YES to erase" in phone.text("DELETE")
    assert "erased" in phone.text("YES")
    assert sign_ups() == 0


def test_stop_still_opts_out_after_sign_up_closes(phone, event):
    sign_up(phone)
    close()
    assert phone.text("STOP") == ""
    assert phone.text("TABLE") == ""  # an opted-out number is not answered
    with Session() as session:
        assert session.get(OptOut, phone.number) is not None


def test_someone_halfway_through_sign_up_can_finish(phone, event):
    sign_up(phone, ANSWERS[:3])
    close()
    assert "could teach someone" in phone.text("guitar")
    replies = sign_up(phone, ANSWERS[4:])
    assert "You're in, Ana" in replies[-1]


def test_nobody_new_can_sign_up_to_a_closed_event(client, event):
    close()
    newcomer = Phone(client, "+14165550199")
    assert newcomer.text("FOLK") == (
        "Sorry, sign-up for Folk Night is closed, so we can't add you now. Thanks for "
        "thinking of it, and see you at the next one!"
    )
    assert "no event is open" in newcomer.text("hi")
    assert "no event is open" in newcomer.text("HELP")
    assert sign_ups() == 0


def test_the_latest_sign_up_on_this_number_is_the_one_answered(client, phone, event):
    sign_up(phone)
    close()
    with Session() as session:
        create_event(session, "Jazz Brunch", "JAZZ", phone_number="+15550100777")
        session.commit()
    # Another Twilio number: the closed event on the service's number is not its business.
    elsewhere = Phone(client, phone.number, to="+15550100777")
    assert "Welcome to Jazz Brunch" in elsewhere.text("hi")
    assert "Tablemates, Folk Night" in Phone(client, phone.number, to=SERVICE_NUMBER).text("HELP")
    close("JAZZ")
    assert "Tablemates, Jazz Brunch" in elsewhere.text("HELP")


def test_an_open_event_on_the_same_number_takes_new_answers(client, phone, event):
    sign_up(phone)
    close()
    with Session() as session:
        create_event(session, "Jazz Brunch", "JAZZ")
        session.commit()
    # Keywords go to the sign-up the number has; other texts start sign-up at the open event.
    assert "Tablemates, Folk Night" in phone.text("HELP")
    assert "Welcome to Jazz Brunch" in phone.text("JAZZ")
    assert "Tablemates, Jazz Brunch" in phone.text("HELP")
    assert sign_ups() == 2
