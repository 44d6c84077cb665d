"""Starting a round is idempotent by intent: the admin form carries the round it shows, the
CLI takes --round, and a start for a round that is not the next one changes nothing."""

import re
import threading

import pytest
from sqlalchemy import func, select

from models import Round, Session
from tests.helpers import NAMES, page, post, sign_up
from workers.events.editing import event_by_code
from workers.rounds import starting


def round_count() -> int:
    with Session() as session:
        return session.scalar(select(func.count()).select_from(Round))


def test_the_send_form_carries_the_round_the_preview_shows(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    preview = page(signed_in, "/admin/events/FOLK/rounds/next")
    assert re.search(r'<input type="hidden" name="round" value="1">', preview)
    assert "Send round 1" in preview


def test_a_resubmitted_form_or_a_stale_tab_starts_nothing(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    first = post(signed_in, "/admin/events/FOLK/rounds", round="1")
    assert "Round 1 started" in page(signed_in, first.location)
    again = post(signed_in, "/admin/events/FOLK/rounds", round="1")
    assert "Not started: round 1 was already started" in page(signed_in, again.location)
    ahead = post(signed_in, "/admin/events/FOLK/rounds", round="3")
    assert "Not started: round 3 is not the next round" in page(signed_in, ahead.location)
    assert round_count() == 1


@pytest.mark.parametrize("value", [None, "", "two", "99999999999999999999", "-1", "0"])
def test_a_form_without_a_sensible_round_is_refused_kindly(signed_in, live_app, value):
    sign_up(live_app.test_client(), 4, names=NAMES)
    fields = {} if value is None else {"round": value}
    response = post(signed_in, "/admin/events/FOLK/rounds", **fields)
    assert response.status_code == 302
    assert "Not started: reload the page" in page(signed_in, response.location)
    assert round_count() == 0


def test_the_cli_refuses_a_round_that_is_not_the_next_and_works_without_one(
    signed_in,
    live_app,
):
    sign_up(live_app.test_client(), 4, names=NAMES)
    runner = live_app.test_cli_runner()
    ahead = runner.invoke(args=["round", "start", "FOLK", "--round", "2"])
    assert ahead.exit_code != 0 and "round 2 is not the next round (that is 1)" in ahead.output
    assert runner.invoke(args=["round", "start", "FOLK", "--round", "1"]).exit_code == 0
    twice = runner.invoke(args=["round", "start", "FOLK", "--round", "1"])
    assert twice.exit_code != 0 and "round 1 was already started" in twice.output
    assert round_count() == 1


def test_the_page_and_the_cli_at_once_start_one_round(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    with Session() as session:
        event_id = event_by_code(session, "FOLK").id
    url = live_app.config["REDIS_URL"]
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            starting.start_round(event_id, url, 1)
            outcomes.append("started")
        except starting.RoundError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("started") == 1, outcomes
    assert round_count() == 1
