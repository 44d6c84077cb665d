"""The phone simulator (rehearsal mode): several phones, live threads, a simulated crowd."""

import pytest
from sqlalchemy import func, select

from models import Answer, Attendee, Event, InboundMessage, Session
from tests.helpers import AGE_RANGE, form_token, open_folk
from workers.events.editing import create_event

ANA = "+14165550142"


@pytest.fixture
def rehearsal_folk(rehearsal_app):
    return open_folk(questions=[AGE_RANGE])


@pytest.fixture
def sim(rehearsal_app):
    return rehearsal_app.test_client()


def token(client):
    return form_token(client.get("/simulator").get_data(as_text=True))


def test_texting_from_the_simulator_shows_the_conversation(sim, rehearsal_folk):
    text = {"phone": ANA, "csrf_token": token(sim)}
    response = sim.post("/simulator", data={**text, "body": "hi"})
    assert response.status_code == 302
    sim.post("/simulator", data={**text, "body": "Ana"})
    page = sim.get("/simulator", query_string={"phone": ANA}).get_data(as_text=True)
    assert (
        page.index("Welcome to Folk Night")
        < page.index("Ana")
        < page.index("Nice to meet you, Ana")
    )
    other = sim.get("/simulator?phone=%2B14165550143").get_data(as_text=True)
    assert "Nice to meet you" not in other
    assert "Rehearsal mode: nothing leaves this machine" in page


def test_stop_and_start_show_twilios_own_replies_as_the_phone_sees_them(sim, rehearsal_folk):
    text = {"phone": ANA, "csrf_token": token(sim)}
    for body in ["hi", "Ana", " stop ", "are you there?", "Start"]:
        sim.post("/simulator", data={**text, "body": body}, headers={"HX-Request": "true"})
    thread = sim.get("/simulator/thread", query_string={"phone": ANA}).get_data(as_text=True)
    assert thread.count("Twilio's automatic reply (not ours)") == 2
    assert thread.index(" stop ") < thread.index("successfully been unsubscribed")
    assert thread.index("are you there?") < thread.index("successfully been re-subscribed")
    # Only the whole text is Twilio's keyword: a sentence with "stop" in it is ours to read.
    sim.post("/simulator", data={**text, "body": "please stop the music"})
    thread = sim.get("/simulator/thread", query_string={"phone": ANA}).get_data(as_text=True)
    assert thread.count("Twilio's automatic reply (not ours)") == 2


def test_the_simulator_links_back_to_the_hosts_pages(sim):
    page = sim.get("/simulator").get_data(as_text=True)
    assert '<a href="/admin/events/">&larr; Host\'s pages</a>' in page


def test_the_page_shows_several_phones_side_by_side(sim):
    page = sim.get("/simulator").get_data(as_text=True)
    assert page.count('class="phone"') == 3
    assert 'hx-trigger="every 2s"' in page
    assert "htmx.min.js" in page
    numbers = {"phone": [ANA, "+14165550143"], "add": "+14165550144"}
    page = sim.get("/simulator", query_string=numbers, follow_redirects=True).get_data(as_text=True)
    assert page.count('class="phone"') == 3
    assert page.index(ANA) < page.index("+14165550143") < page.index("+14165550144")


def test_a_plain_post_keeps_every_phone_on_the_page(sim, rehearsal_folk):
    shown = [ANA, "+14165550143"]
    data = {"phone": "+14165550143", "phones": shown, "body": "hi", "csrf_token": token(sim)}
    response = sim.post("/simulator", data=data)
    assert response.status_code == 302
    page = sim.get(response.location).get_data(as_text=True)
    assert page.count('class="phone"') == 2
    assert "Welcome to Folk Night" in page


def test_htmx_gets_the_thread_alone(sim, rehearsal_folk):
    data = {"phone": ANA, "body": "hi", "csrf_token": token(sim)}
    response = sim.post("/simulator", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    part = response.get_data(as_text=True)
    assert "Welcome to Folk Night" in part
    assert "<html" not in part and "csrf_token" not in part
    refreshed = sim.get("/simulator/thread", query_string={"phone": ANA})
    assert refreshed.get_data(as_text=True) == part


def test_add_30_attendees_signs_them_up_by_text(sim, rehearsal_folk):
    response = sim.post("/simulator/crowd", data={"csrf_token": token(sim), "phones": [ANA]})
    assert response.status_code == 302
    page = sim.get(response.location).get_data(as_text=True)
    assert "30 simulated attendees signed up for FOLK" in page
    assert page.count('class="phone"') == 1
    with Session() as session:
        attendees = session.scalars(
            select(Attendee).where(Attendee.event_id == rehearsal_folk.id)
        ).all()
        assert len(attendees) == 30
        assert {a.status for a in attendees} == {"complete"}
        assert len({a.phone for a in attendees}) == 30
        assert len({a.name for a in attendees}) == 30
        assert {a.consent for a in attendees} == {True, False}
        assert all(a.learn and a.teach for a in attendees)
        # Where they work and their age range: both questions answered by everyone.
        assert session.scalar(select(func.count()).select_from(Answer)) == 60
        texts = session.scalars(
            select(InboundMessage).where(InboundMessage.event_id == rehearsal_folk.id)
        ).all()
    assert len(texts) == 30 * 8  # code, name, intro, learn, teach, 2 questions, consent
    assert all(t.reply for t in texts)
    assert {t.body for t in texts} >= {"FOLK"}


def test_a_second_crowd_gets_new_numbers(sim, rehearsal_folk):
    for _ in range(2):
        sim.post("/simulator/crowd", data={"csrf_token": token(sim)})
    with Session() as session:
        phones = session.scalars(select(Attendee.phone)).all()
    assert len(phones) == len(set(phones)) == 60


def test_the_crowd_goes_to_the_event_chosen(sim, rehearsal_folk):
    with Session() as session:
        other = create_event(session, "Jazz Night", "JAZZ")
        session.commit()
    page = sim.get("/simulator").get_data(as_text=True)
    assert "FOLK - Folk Night" in page and "JAZZ - Jazz Night" in page
    sim.post("/simulator/crowd", data={"csrf_token": token(sim), "event": rehearsal_folk.id})
    with Session() as session:
        counts = dict(
            session.execute(
                select(Event.code, func.count(Attendee.id))
                .outerjoin(Attendee, Attendee.event_id == Event.id)
                .group_by(Event.code)
            ).all()
        )
    assert counts == {"FOLK": 30, "JAZZ": 0}
    assert other.id != rehearsal_folk.id


def test_an_event_id_no_table_can_hold_finds_no_event(sim, rehearsal_folk):
    data = {"csrf_token": token(sim), "event": "99999999999999999999"}
    response = sim.post("/simulator/crowd", data=data)
    assert response.status_code == 302
    assert "No event is open for sign-up" in sim.get(response.location).get_data(as_text=True)


def test_with_no_open_event_the_crowd_button_says_so(sim):
    response = sim.post("/simulator/crowd", data={"csrf_token": token(sim)})
    page = sim.get(response.location).get_data(as_text=True)
    assert "No event is open for sign-up" in page


@pytest.mark.parametrize("path", ["/simulator", "/simulator/crowd"])
def test_the_simulator_forms_need_their_token(sim, path):
    response = sim.post(path, data={"phone": ANA, "body": "hi"})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/simulator"), ("get", "/simulator/thread"), ("post", "/simulator"),
     ("post", "/simulator/crowd")],
)  # fmt: skip
def test_the_simulator_is_not_there_with_twilio_credentials(client, method, path):
    assert getattr(client, method)(path, data={"body": "hi"}).status_code == 404


def signed_in_host(client):
    from models import utcnow
    from workers.hosts.accounts import create_host

    with Session() as session:
        host = create_host(session, "ana@example.org", "correct horse battery")
        session.commit()
    with client.session_transaction() as cookie:
        cookie.update(
            host_id=host.id, signed_in_at=utcnow().timestamp(), generation=host.session_generation
        )


def test_a_signed_in_host_may_text_as_simulated_numbers_only_outside_rehearsal(client):
    with Session() as session:
        create_event(session, "Folk Night", "FOLK")
        session.commit()
    signed_in_host(client)
    page = client.get("/simulator?phone=%2B15550100001&phone=%2B14165550142")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "+15550100001" in html and "+14165550142" not in html  # a real number: not shown
    assert "nothing leaves this machine" not in html  # real attendees are texted for real
    assert "only as fictional" in html
    token = form_token(html)
    sent = client.post("/simulator", data={"phone": "+15550100001", "body": "hi",
                                           "csrf_token": token})  # fmt: skip
    assert sent.status_code == 302
    assert "Welcome to Folk Night" in client.get("/simulator?phone=%2B15550100001").get_data(
        as_text=True
    )
    real = client.post("/simulator", data={"phone": "+14165550142", "body": "hi",
                                           "csrf_token": token})  # fmt: skip
    assert real.status_code == 400 and "+1 555" in real.get_data(as_text=True)
    assert client.get("/simulator/thread?phone=%2B14165550142").status_code == 400
    with Session() as session:
        senders = session.scalars(select(InboundMessage.from_number)).all()
    assert senders == ["+15550100001"]
