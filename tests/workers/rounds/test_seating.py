"""Rounds end to end: signed webhooks, a real worker, Redis, the database, the local Twilio."""

import itertools
import json
from collections import Counter

from sqlalchemy import func, select

from models import Attendee, OutboundMessage, Round, Seat, Session
from tests.helpers import Phone, number, round_texts, sign_up, start_round, tables_of, wait_until


def test_41_people_three_rounds_one_text_each_no_pair_twice(live_app, folk, emulator, start_worker):
    sign_up(live_app.test_client(), 41)
    start_worker()
    for k in (1, 2, 3):
        output = start_round(live_app)
        assert f"round {k} of FOLK started" in output and "sent 41 of 41" in output
        texts = round_texts(emulator)
        assert len(texts) == 41 and set(texts.values()) == {k}  # exactly one more each
    tables = tables_of(live_app)
    pairs = Counter()
    for round_number in (1, 2, 3):
        sizes = [len(t["attendee_ids"]) for t in tables if t["round"] == round_number]
        assert sum(sizes) == 41 and max(sizes) - min(sizes) <= 1
    for table in tables:
        pairs.update(itertools.combinations(sorted(table["attendee_ids"]), 2))
    assert max(pairs.values()) == 1
    body = next(m["body"] for m in emulator.accepted if m["to"] == number(0))
    assert body.startswith("Round 1 of 3: go to TABLE ")
    # Twilio's status callbacks, signed, reach /sms/status and move every text to delivered.
    assert emulator.drain()
    assert wait_until(lambda: _statuses() == {"delivered": 123})
    exported = live_app.test_cli_runner().invoke(
        args=["export", "messages", "FOLK", "--format", "json"]
    )
    messages = json.loads(exported.output)
    assert len(messages) == 123
    assert set(messages[0]) == {"id", "to", "body", "kind", "status", "twilio_sid", "error_code"}
    assert {m["status"] for m in messages} == {"delivered"}
    assert all(m["twilio_sid"].startswith("SM") for m in messages)
    assert set(tables[0]) == {"round", "table", "attendee_ids", "names"}
    assert tables[0]["table"] == "1"


def _statuses():
    with Session() as session:
        return dict(
            session.execute(
                select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
            ).all()
        )


def test_faults_429_and_500_still_one_text_each(live_app, folk, emulator, start_worker):
    emulator.configure(every_429=7, every_500=11)
    sign_up(live_app.test_client(), 41)
    start_worker()
    start_round(live_app)
    assert round_texts(emulator) == Counter({number(i): 1 for i in range(41)})
    refused = [a for a in emulator.attempts if a["status"] in (429, 500)]
    assert refused  # the faults really happened, and were retried


def test_opted_out_numbers_get_no_api_calls(live_app, folk, emulator, start_worker):
    client = live_app.test_client()
    sign_up(client, 12)
    Phone(client, number(3)).text("STOP")
    emulator.configure(number_errors={number(5): 21610, number(6): 21211})
    start_worker()
    start_round(live_app)
    calls = Counter(a["To"] for a in emulator.attempts)
    assert calls[number(3)] == 0
    assert calls[number(5)] == 1 and calls[number(6)] == 1  # no retry of permanent failures
    with Session() as session:
        assert session.scalar(select(Attendee.opted_out).where(Attendee.phone == number(5)))
        failed = dict(
            session.execute(
                select(OutboundMessage.to_number, OutboundMessage.error_code).where(
                    OutboundMessage.status == "failed"
                )
            ).all()
        )
    assert failed == {number(5): 21610, number(6): 21211}
    assert "sent 10 of 10" in start_round(live_app)  # round 2 leaves out both opted out
    calls = Counter(a["To"] for a in emulator.attempts)
    assert calls[number(3)] == 0 and calls[number(5)] == 1


def test_a_round_cannot_start_twice_at_once(live_app, folk, emulator):
    sign_up(live_app.test_client(), 6)
    runner = live_app.test_cli_runner()
    first = runner.invoke(args=["round", "start", "FOLK"])
    second = runner.invoke(args=["round", "start", "FOLK"])
    assert first.exit_code == 0
    assert second.exit_code != 0 and "still being sent" in second.output
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1


def test_redis_down_starting_a_round_changes_nothing(live_app, folk):
    live_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    result = live_app.test_cli_runner().invoke(args=["round", "start", "FOLK"])
    assert result.exit_code != 0 and "cannot reach Redis" in result.output
    assert "Traceback" not in result.output
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0


def test_late_arrival_is_seated_at_once_and_others_are_not_retexted(
    live_app, folk, emulator, start_worker
):
    client = live_app.test_client()
    sign_up(client, 10)
    start_worker()
    start_round(live_app)
    before = round_texts(emulator)
    sign_up(client, 1, start=10)
    assert wait_until(lambda: round_texts(emulator).get(number(10)) == 1, timeout=20)
    after = round_texts(emulator)
    assert {k: v for k, v in after.items() if k != number(10)} == before
    with Session() as session:
        seat = session.scalars(select(Seat).where(Seat.late)).one()
    assert seat.table is not None
    assert "TABLE" in Phone(client, number(10)).text("TABLE")


def test_leave_skips_later_rounds_and_back_returns(live_app, folk, emulator, start_worker):
    client = live_app.test_client()
    sign_up(client, 8)
    start_worker()
    start_round(live_app)
    assert "skip you" in Phone(client, number(2)).text("LEAVE")
    start_round(live_app)
    assert round_texts(emulator)[number(2)] == 1
    Phone(client, number(2)).text("BACK")
    start_round(live_app)
    assert round_texts(emulator)[number(2)] == 2
