"""Delivery: exactly once through kills, drops and slow answers; status reports; sit-outs."""

import os
import signal
import time
from collections import Counter

import pytest
from sqlalchemy import func, insert, select

from models import Attendee, OutboundMessage, Seat, Session
from tests.helpers import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    Phone,
    busiest_window,
    form_token,
    number,
    round_texts,
    sign_up,
    start_round,
    wait_until,
)
from workers.events.editing import create_event
from workers.outbox.delivery_reports import moves_forward


def statuses():
    with Session() as session:
        return Counter(dict(session.execute(
            select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
        ).all()))  # fmt: skip


def in_flight():
    counts = statuses()
    return counts["pending"] + counts["unknown"]


def test_a_worker_killed_mid_fanout_then_restarted_sends_each_text_exactly_once(
    live_app, folk, emulator, start_worker
):
    with Session() as session:  # 2,000 people who finished sign-up
        session.execute(insert(Attendee), [
            {"event_id": folk.id, "phone": number(i), "name": f"P{i}", "intro": "",
             "learn": "x", "teach": "y", "consent": True, "status": "complete", "step": "done"}
            for i in range(2000)
        ])  # fmt: skip
        session.commit()
    emulator.configure(latency=0.003)
    worker = start_worker()
    start_round(live_app, wait=False)
    assert wait_until(lambda: len(emulator.accepted) >= 400, timeout=120)
    os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-call
    worker.wait()
    at_kill = len(emulator.accepted)
    assert at_kill < 2000, "the kill must land in the middle of the fan-out"
    start_worker()
    assert wait_until(lambda: statuses() and in_flight() == 0, timeout=180)
    texts = round_texts(emulator)
    assert len(texts) == 2000 and set(texts.values()) == {1}
    with Session() as session:
        without_sid = session.scalar(
            select(func.count()).where(OutboundMessage.twilio_sid.is_(None))
        )
    assert without_sid == 0


@pytest.mark.parametrize(
    "faults",
    [{"every_drop": 4}, {"every_slow": 5, "slow_accept": 1.5}],
    ids=["connection dropped after create", "answer slower than our timeout"],
)
def test_an_unknown_hand_off_is_reconciled_never_resent(
    live_app, folk, emulator, start_worker, faults
):
    sign_up(live_app.test_client(), 16)
    emulator.configure(**faults)
    start_worker()
    start_round(live_app)
    assert wait_until(lambda: in_flight() == 0, timeout=60)
    assert round_texts(emulator) == Counter({number(i): 1 for i in range(16)})
    with Session() as session:
        assert session.scalar(select(func.count()).where(OutboundMessage.twilio_sid.is_(None))) == 0


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [("queued", "sent", True), ("sent", "delivered", True), ("delivered", "sent", False),
     ("delivered", "delivered", False), ("failed", "queued", False), ("unknown", "queued", True),
     ("sent", "undelivered", True), ("queued", "bogus", False)],
)  # fmt: skip
def test_status_only_moves_forward(current, new, expected):
    assert moves_forward(current, new) is expected


def post_status(client, sid, status, url="http://localhost/sms/status", signed=True):
    from twilio.request_validator import RequestValidator

    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID}
    headers = {}
    if signed:
        headers["X-Twilio-Signature"] = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    return client.post("/sms/status", data=params, headers=headers)


def test_status_callbacks_are_signed_ordered_and_idempotent(client, event):
    with Session() as session:
        session.add(OutboundMessage(event_id=event.id, to_number="+14165550142", body="hi",
                                    kind="round", status="queued", twilio_sid="SM1"))  # fmt: skip
        session.commit()
    assert post_status(client, "SM1", "delivered", signed=False).status_code == 403
    assert post_status(client, "SM1", "delivered").status_code == 200
    for late in ("sent", "queued", "delivered"):  # a late "sent", a duplicate
        response = post_status(client, "SM1", late)
        assert response.status_code == 200 and response.mimetype == "text/xml"
    with Session() as session:
        assert session.scalars(select(OutboundMessage.status)).one() == "delivered"


def test_a_late_arrival_who_cannot_be_seated_is_told_kindly(live_app, emulator, start_worker):
    with Session() as session:
        create_event(session, "Pairs", "PAIRS", table_size=2, rounds=2)
        session.commit()
    client = live_app.test_client()
    for i, org in enumerate(["Acme", "Acme", "Bolt", "Bolt"]):
        phone = Phone(client, number(i))
        for text in ["hi", f"P{i}", "skip", "chess", "go", org, "yes"]:
            phone.text(text)
    start_worker()
    start_round(live_app, code="PAIRS")
    late = Phone(client, number(9))
    for text in ["hi", "Late", "skip", "chess", "go", "ACME", "yes"]:
        late.text(text)
    assert wait_until(lambda: any(m["to"] == number(9) for m in emulator.accepted), timeout=20)
    body = next(m["body"] for m in emulator.accepted if m["to"] == number(9))
    assert "sorry, Late, every table is full" in body
    with Session() as session:
        seat = session.scalars(select(Seat).where(Seat.late)).one()
    assert seat.table is None
    export = live_app.test_cli_runner().invoke(args=["export", "messages", "PAIRS"])
    assert "sit_out" in export.output


def test_texts_written_while_redis_was_down_are_swept_when_it_is_back(
    live_app, folk, emulator, start_worker, redis_url
):
    client = live_app.test_client()
    sign_up(client, 6)
    worker = start_worker()
    start_round(live_app)
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait()
    live_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # Redis down for the web app
    sign_up(client, 1, start=6)  # a late arrival: seated, texted later
    with Session() as session:
        pending = session.scalars(
            select(OutboundMessage).where(OutboundMessage.to_number == number(6))
        ).one()
    assert pending.status == "pending"
    time.sleep(2.5)  # older than OUTBOX_STALE_SECONDS
    start_worker(REDIS_URL=redis_url)  # Redis is back
    assert wait_until(lambda: round_texts(emulator).get(number(6)) == 1, timeout=30)


def test_rehearsal_round_texts_appear_in_the_simulator(rehearsal_app, redis):
    from workers.outbox import delivery
    from workers.rounds import seating
    from workers.rounds.starting import start_round

    with Session() as session:
        event = create_event(session, "Folk Night", "FOLK", table_size=2)
        session.commit()
    client = rehearsal_app.test_client()
    token = form_token(client.get("/simulator").get_data(as_text=True))
    for i in range(4):
        for text in ["hi", f"P{i}", "skip", "chess", "go", f"Org{i}", "yes"]:
            client.post("/simulator", data={"phone": number(i), "body": text, "csrf_token": token})
    rnd = start_round(event.id, rehearsal_app.config["REDIS_URL"])
    assert seating.plan(rnd.id) == 4  # the job, run here instead of in a worker
    with Session() as session:
        ids = session.scalars(select(OutboundMessage.id)).all()
    delivery.deliver(list(ids))
    assert statuses() == Counter({"delivered": 4})
    page = client.get("/simulator", query_string={"phone": number(0)}).get_data(as_text=True)
    assert "Round 1 of 3: go to TABLE" in page


def test_a_report_that_beats_the_sid_is_applied_once_the_sid_is_known(client, event):
    from workers.outbox.delivery_reports import settle_reports

    assert post_status(client, "SM2", "delivered").status_code == 200  # Twilio was faster
    with Session() as session:
        session.add(OutboundMessage(event_id=event.id, to_number="+14165550142", body="hi",
                                    kind="round", status="queued", twilio_sid="SM2"))  # fmt: skip
        session.commit()
    assert settle_reports("SM2") is True
    assert settle_reports("SM2") is False  # applied once, then gone
    with Session() as session:
        assert session.scalars(select(OutboundMessage.status)).one() == "delivered"


def test_texts_to_the_simulators_numbers_never_reach_twilio(live_app, folk, emulator, start_worker):
    client = live_app.test_client()
    sign_up(client, 4)  # real numbers, +1 416 ...
    for i in range(4):
        phone = Phone(client, f"+1555010{i:04d}")  # the simulator's own
        for text in ["hi", f"Sim{i}", "skip", "chess", "go", f"Org{i}", "yes"]:
            phone.text(text)
    start_worker()
    start_round(live_app)
    sent_to = {a["To"] for a in emulator.attempts}
    assert sent_to == {number(i) for i in range(4)}
    with Session() as session:
        simulated = session.scalars(
            select(OutboundMessage.status).where(OutboundMessage.to_number.startswith("+1555"))
        ).all()
    assert simulated == ["delivered"] * 4


def test_several_workers_keep_every_one_second_window_within_the_limit(
    live_app, folk, emulator, start_worker
):
    # SMS_PER_SECOND is the carrier's ceiling over any one second, across all workers.
    with Session() as session:
        session.execute(insert(Attendee), [
            {"event_id": folk.id, "phone": number(i), "name": f"P{i}", "intro": "",
             "learn": "x", "teach": "y", "consent": True, "status": "complete", "step": "done"}
            for i in range(90)
        ])  # fmt: skip
        session.commit()
    for _ in range(3):
        start_worker(SMS_PER_SECOND="15")
    start_round(live_app, wait=False)
    assert wait_until(lambda: len(round_texts(emulator)) == 90, timeout=120)
    arrivals = sorted(a["at"] for a in emulator.attempts)
    spread = [round(t - arrivals[0], 2) for t in arrivals]
    assert busiest_window(arrivals) <= 15, spread
    assert set(round_texts(emulator).values()) == {1}


def test_a_claim_that_waits_long_for_the_rate_is_never_sent_twice(
    live_app, folk, emulator, start_worker
):
    # At 4 texts a second, rows claimed together wait longer than OUTBOX_STALE_SECONDS (2 s
    # here) for their turn; the sweeper hands such rows to the other worker meanwhile.
    with Session() as session:
        session.execute(insert(Attendee), [
            {"event_id": folk.id, "phone": number(i), "name": f"P{i}", "intro": "",
             "learn": "x", "teach": "y", "consent": True, "status": "complete", "step": "done"}
            for i in range(16)
        ])  # fmt: skip
        session.commit()
    for _ in range(2):
        start_worker(SMS_PER_SECOND="4")
    start_round(live_app, wait=False)
    assert wait_until(lambda: len(round_texts(emulator)) == 16, timeout=120)
    time.sleep(3)  # time for a second copy, were one on its way
    assert set(round_texts(emulator).values()) == {1}
    with Session() as session:
        statuses = session.scalars(select(OutboundMessage.status).where(
            OutboundMessage.body.startswith("Round"))).all()  # fmt: skip
    assert len(statuses) == 16 and "unknown" not in statuses
