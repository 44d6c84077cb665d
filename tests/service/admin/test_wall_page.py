"""The wall view's link (make, copy, revoke) and the door poster, from the host's pages."""

import re

from sqlalchemy import select

from models import Event, EventLog, Session
from tests.helpers import EMAIL, page, post

WALL = "/admin/events/FOLK/wall"


def wall_url(html):
    return re.search(r'id="wall-url" value="http://[^/]+(/wall/[^"]+)"', html).group(1)


def test_a_host_makes_replaces_and_revokes_the_wall_link(signed_in):
    assert "There is no wall link yet." in page(signed_in, WALL)
    assert post(signed_in, WALL).status_code == 302
    first = wall_url(page(signed_in, WALL))
    visitor = signed_in.application.test_client()  # no sign-in
    assert visitor.get(first).status_code == 200
    assert post(signed_in, WALL).status_code == 302
    second = wall_url(page(signed_in, WALL))
    assert second != first
    assert visitor.get(first).status_code == 404  # the old link stops at once
    assert visitor.get(second).status_code == 200
    assert post(signed_in, f"{WALL}/revoke").status_code == 302
    assert visitor.get(second).status_code == 404
    assert visitor.get(f"{second}/screen").status_code == 404
    assert "There is no wall link yet." in page(signed_in, WALL)
    with Session() as session:
        log = session.execute(select(EventLog.host_email, EventLog.action, EventLog.detail)
                              .order_by(EventLog.id)).all()  # fmt: skip
    assert log == [
        (EMAIL, "wall_link", "made the wall link"),
        (EMAIL, "wall_link", "made a new wall link"),
        (EMAIL, "wall_revoked", "revoked the wall link"),
    ]


def test_making_a_link_needs_the_form_token(signed_in):
    assert signed_in.post(WALL).status_code == 400
    with Session() as session:
        assert session.scalar(select(Event.wall_token)) is None


def test_the_wall_admin_page_needs_a_sign_in(live_app, folk):
    response = live_app.test_client().get(WALL)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_door_poster_shows_the_code_the_number_and_the_qr_code(signed_in):
    html = page(signed_in, "/admin/events/FOLK/poster")
    assert "Folk Night" in html and ">FOLK<" in html and "+1 555-010-0199" in html
    assert "<svg viewBox=" in html and "<title>Text FOLK to +15550100199</title>" in html
    assert "@page" in html


def test_the_poster_uses_the_events_own_number_first(signed_in):
    with Session() as session:
        session.scalars(select(Event)).one().phone_number = "+15550100777"
        session.commit()
    assert "+1 555-010-0777" in page(signed_in, "/admin/events/FOLK/poster")
