"""The phone simulator (rehearsal mode): text as any number, see the replies."""

from models import Session
from service.events import create_event


def test_texting_from_the_simulator_shows_the_conversation(rehearsal_app):
    with Session() as session:
        create_event(session, "Folk Night", "FOLK")
        session.commit()
    client = rehearsal_app.test_client()
    response = client.post("/simulator", data={"phone": "+14165550142", "body": "hi"})
    assert response.status_code == 302
    client.post("/simulator", data={"phone": "+14165550142", "body": "Ana"})
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
