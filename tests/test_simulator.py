"""The phone simulator (rehearsal mode): text as any number, see the replies."""

from models import Session
from service.events import create_event
from tests.conftest import form_token


def test_texting_from_the_simulator_shows_the_conversation(rehearsal_app):
    with Session() as session:
        create_event(session, "Folk Night", "FOLK")
        session.commit()
    client = rehearsal_app.test_client()
    token = form_token(client.get("/simulator").get_data(as_text=True))
    text = {"phone": "+14165550142", "csrf_token": token}
    response = client.post("/simulator", data={**text, "body": "hi"})
    assert response.status_code == 302
    client.post("/simulator", data={**text, "body": "Ana"})
    page = client.get("/simulator?phone=%2B14165550142").get_data(as_text=True)
    assert (
        page.index("Welcome to Folk Night")
        < page.index("Ana")
        < page.index("Nice to meet you, Ana")
    )
    other = client.get("/simulator?phone=%2B14165550143").get_data(as_text=True)
    assert "Nice to meet you" not in other


def test_the_simulator_is_not_there_with_twilio_credentials(client):
    assert client.get("/simulator").status_code == 404
    assert client.post("/simulator", data={"body": "hi"}).status_code == 404


def test_the_simulator_form_needs_its_token(rehearsal_app):
    client = rehearsal_app.test_client()
    response = client.post("/simulator", data={"phone": "+14165550142", "body": "hi"})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
