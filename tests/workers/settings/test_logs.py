"""No log line shows a full phone number: not the web app's, not a worker's, not an error's."""

import logging

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from models import OptOut, Session
from tests.helpers import Phone, number, sign_up, start_round
from workers.settings.logs import redact


def test_a_logged_database_error_does_not_show_the_numbers_it_was_about(app, caplog):
    # PostgreSQL quotes the value in its own message ("Key (phone)=(+1416...) already
    # exists"); SQLAlchemy's parameters are hidden too.
    phone = "+14165550199"
    with Session() as session:
        session.execute(insert(OptOut).values(phone=phone))
        try:
            session.execute(insert(OptOut).values(phone=phone))
        except IntegrityError:
            logging.getLogger("service.sms").exception("could not record %s", phone)
        else:
            pytest.fail("no IntegrityError")
    assert "IntegrityError" in caplog.text and "\u20260199" in caplog.text
    assert phone not in caplog.text and phone[1:] not in caplog.text


@pytest.mark.parametrize(
    ("text", "shown"),
    [("+14165550199", "\u20260199"), ("call +1 416-555-0142 now", "call \u20260142 now"),
     ("(+447700900123)", "(\u20260123)"), ("2026-11-26 05:03:01 round 3", None),
     ("table 12, 4 people", None)],
)  # fmt: skip
def test_numbers_are_shown_by_their_last_four_digits(text, shown):
    assert redact(text) == (shown if shown is not None else text)


def test_a_whole_round_logs_no_full_number(
    live_app, folk, emulator, start_worker, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    client = live_app.test_client()
    sign_up(client, 6)
    emulator.configure(number_errors={number(2): 21211, number(4): 21610})
    start_worker()
    start_round(live_app)
    Phone(client, number(1)).text("STOP")
    Phone(client, number(3)).text("TABLE")
    logs = caplog.text + "".join(path.read_text() for path in tmp_path.glob("worker-*.log"))
    assert "Worker" in logs  # the worker's log was read
    for i in range(6):
        assert number(i) not in logs
        assert number(i)[1:] not in logs  # nor without its plus sign
