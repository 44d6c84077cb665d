"""No log line shows a full phone number: not the web app's, not a worker's, not an error's."""

import logging

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from models import OptOut, Session
from tests.conftest import Phone
from tests.test_rounds import number, sign_up, start_round


def test_a_database_error_does_not_show_the_numbers_it_was_about(app):
    phone = "+14165550199"
    with Session() as session:
        session.execute(insert(OptOut).values(phone=phone))
        with pytest.raises(IntegrityError) as error:
            session.execute(insert(OptOut).values(phone=phone))
    assert phone not in str(error.value)
    assert "hidden due to hide_parameters" in str(error.value)


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
