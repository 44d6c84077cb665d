"""The public wall view: its token is the only key, and it shows one event."""

import pytest
from sqlalchemy import select

from models import Event, Session
from tests.helpers import open_folk
from workers.events import wall
from workers.events.editing import create_event


@pytest.fixture
def token(app):
    """Folk Night's wall token; another event, Jazz Night, has its own."""
    open_folk()
    with Session() as session:
        jazz = create_event(session, "Jazz Night", "JAZZ")
        wall.new_token(jazz)
        folk = session.scalars(select(Event).where(Event.code == "FOLK")).one()
        made = wall.new_token(folk)
        session.commit()
    return made


def test_the_wall_needs_no_sign_in_and_shows_how_to_sign_up(client, token):
    response = client.get(f"/wall/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Folk Night" in html and ">FOLK<" in html and "+1 555-010-0199" in html
    assert "Jazz" not in html and "JAZZ" not in html
    assert "<title>Text FOLK to +15550100199</title>" in html  # the QR code
    assert f'hx-get="/wall/{token}/screen"' in html and 'hx-trigger="every 5s"' in html
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_refresh_sends_the_screen_alone(client, token):
    html = client.get(f"/wall/{token}/screen").get_data(as_text=True)
    assert ">FOLK<" in html and "<html" not in html and "<style" not in html


@pytest.mark.parametrize("path", ["/wall/nope", "/wall/nope/screen", "/wall/"])
def test_an_unknown_token_is_not_found(client, token, path):
    assert client.get(path).status_code == 404


def test_in_rehearsal_with_no_number_the_wall_says_so(rehearsal_app):
    rehearsal_app.config["TWILIO_FROM_NUMBER"] = None
    open_folk()
    with Session() as session:
        made = wall.new_token(session.scalars(select(Event)).one())
        session.commit()
    html = rehearsal_app.test_client().get(f"/wall/{made}").get_data(as_text=True)
    assert "none is set up yet: on a rehearsal, use the phone simulator" in html
    assert "<svg" not in html
