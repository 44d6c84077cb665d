"""The round clock on the dashboard: the host sets a round length, the dashboard counts down."""

from datetime import timedelta

from sqlalchemy import select, update

from models import Event, Round, Session, utcnow
from tests.helpers import NAMES, page, post, sign_up, start_round

FOLK = "/admin/events/FOLK"


def test_the_host_sets_a_round_length_and_the_dashboard_shows_time_left(
    signed_in, live_app, start_worker
):
    sign_up(live_app.test_client(), 4, names=NAMES)
    assert post(signed_in, f"{FOLK}/round-length", minutes="10").status_code == 302
    with Session() as session:
        assert session.scalar(select(Event.round_minutes)) == 10
    assert "round clock" not in page(signed_in, f"{FOLK}/live")  # no round yet
    start_worker()
    start_round(live_app)
    with Session() as session:  # the round began six and a half minutes ago
        session.execute(update(Round).values(created_at=utcnow() - timedelta(minutes=6.5)))
        session.commit()
    assert "<strong>4 min</strong> left of 10" in page(signed_in, f"{FOLK}/live")
    with Session() as session:
        session.execute(update(Round).values(created_at=utcnow() - timedelta(minutes=11)))
        session.commit()
    assert "<strong>Time is up</strong> for round 1" in page(signed_in, f"{FOLK}/live")
    assert "round length" in page(signed_in, f"{FOLK}/log")


def test_a_round_length_must_be_minutes_and_empty_turns_the_clock_off(signed_in):
    for typed in ("ten", "0", "999", "-5"):
        shown = page(signed_in, post(signed_in, f"{FOLK}/round-length", minutes=typed).location)
        assert "a number of minutes from 1 to 240" in shown
    post(signed_in, f"{FOLK}/round-length", minutes="15")
    post(signed_in, f"{FOLK}/round-length", minutes="")
    with Session() as session:
        assert session.scalar(select(Event.round_minutes)) is None
