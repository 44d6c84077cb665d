"""The local Twilio server, driven by the real twilio SDK (its client built by the seam)."""

import json
import re
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from tests.twilio_emulator import ACCOUNT_SID, AUTH_TOKEN, TwilioEmulator
from workers.outbox.twilio_seam import make_client

SENDER = "+15550100199"
ANA = "+15550100001"
RAJ = "+15550100002"


class _Receiver(BaseHTTPRequestHandler):
    """Record each status callback with the URL it was posted to."""

    server: "_ReceiverServer"

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        url = f"http://{self.headers['Host']}{self.path}"
        signature = self.headers.get("X-Twilio-Signature", "")
        self.server.received.append((url, dict(parse_qsl(body)), signature))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ReceiverServer(ThreadingHTTPServer):
    received: list[tuple[str, dict[str, str], str]]


@pytest.fixture
def receiver():
    """A small server that receives status callbacks; yields it with `.url`."""
    server = _ReceiverServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/sms/status?event=7"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def emulator():
    """A running emulator with no faults."""
    with TwilioEmulator() as running:
        yield running


def client_for(emulator: TwilioEmulator, **settings: object):
    """The real twilio client, pointed at the emulator."""
    return make_client({**emulator.settings, **settings})


def test_create_answers_the_message_resource(emulator):
    message = client_for(emulator).messages.create(to=ANA, from_=SENDER, body="Round 1: TABLE 7")
    assert re.fullmatch(r"SM[0-9a-f]{32}", message.sid)
    assert (message.status, message.to, message.from_) == ("queued", ANA, SENDER)
    assert (message.body, message.num_segments, message.error_code) == (
        "Round 1: TABLE 7",
        "1",
        None,
    )
    assert message.date_created is not None
    assert message.account_sid == emulator.account_sid
    assert [m["sid"] for m in emulator.accepted] == [message.sid]


def test_create_counts_segments():
    with TwilioEmulator() as emulator:
        long = client_for(emulator).messages.create(to=ANA, from_=SENDER, body="x" * 161)
        unicode = client_for(emulator).messages.create(to=ANA, from_=SENDER, body="Łódź " * 15)
    assert (long.num_segments, unicode.num_segments) == ("2", "2")


def test_create_with_a_messaging_service_records_the_options(emulator):
    client_for(emulator).messages.create(
        to=ANA, messaging_service_sid="MG" + "1" * 32, body="hi",
        status_callback="https://example.org/sms/status", validity_period=600,
    )  # fmt: skip
    [message] = emulator.accepted
    assert message["messaging_service_sid"] == "MG" + "1" * 32
    assert message["from"] is None
    assert message["status_callback"] == "https://example.org/sms/status"
    assert message["validity_period"] == "600"


def test_fetch_by_sid_and_unknown_sid(emulator):
    client = client_for(emulator)
    sid = client.messages.create(to=ANA, from_=SENDER, body="hi").sid
    assert client.messages(sid).fetch().body == "hi"
    with pytest.raises(TwilioRestException) as raised:
        client.messages("SM" + "0" * 32).fetch()
    assert (raised.value.status, raised.value.code) == (404, 20404)
    assert emulator.calls["fetch"] == 2


def test_list_by_recipient_pages_newest_first(emulator):
    client = client_for(emulator)
    sids = [client.messages.create(to=ANA, from_=SENDER, body=f"text {i}").sid for i in range(5)]
    client.messages.create(to=RAJ, from_=SENDER, body="not for Ana")
    assert [m.sid for m in client.messages.list(to=ANA, page_size=2)] == sids[::-1]
    page = client.messages.page(to=ANA, page_size=2)
    assert "Page=1" in page.next_page_url
    assert [m.sid for m in page.next_page()] == sids[2:0:-1]
    assert emulator.calls["list"] == 5


def test_list_filters_by_date_sent(emulator):
    client = client_for(emulator)
    client.messages.create(to=ANA, from_=SENDER, body="hi")
    assert emulator.drain()
    [message] = client.messages.list(to=ANA)
    assert len(client.messages.list(date_sent=message.date_sent)) == 1
    assert len(client.messages.list(date_sent_after=message.date_sent)) == 1
    assert client.messages.list(date_sent_before=message.date_sent.replace(year=2000)) == []


def test_wrong_credentials_answer_401_20003(emulator):
    client = make_client({**emulator.settings, "TWILIO_AUTH_TOKEN": "wrong"})
    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=ANA, from_=SENDER, body="hi")
    assert (raised.value.status, raised.value.code) == (401, 20003)
    assert emulator.calls == {"unauthorized": 1}
    assert emulator.accepted == []


@pytest.mark.parametrize("code", [21610, 21211, 21614, 21408])
def test_configured_numbers_answer_their_error(code):
    with TwilioEmulator(number_errors={RAJ: code}) as emulator:
        with pytest.raises(TwilioRestException) as raised:
            client_for(emulator).messages.create(to=RAJ, from_=SENDER, body="hi")
        client_for(emulator).messages.create(to=ANA, from_=SENDER, body="hi")
    assert (raised.value.status, raised.value.code) == (400, code)
    assert [m["to"] for m in emulator.accepted] == [ANA]
    assert [(a["To"], a["status"]) for a in emulator.attempts] == [(RAJ, 400), (ANA, 201)]


def test_missing_sender_answers_21603(emulator):
    with pytest.raises(TwilioRestException) as raised:
        client_for(emulator).messages.create(to=ANA, body="hi")
    assert raised.value.code == 21603


def test_every_nth_create_answers_429_or_500():
    answers = []
    with TwilioEmulator(every_429=3, every_500=4) as emulator:
        client = client_for(emulator)
        for _ in range(12):
            try:
                client.messages.create(to=ANA, from_=SENDER, body="hi")
                answers.append(201)
            except TwilioRestException as error:
                answers.append((error.status, error.code))
    assert answers == [
        201, 201, (429, 20429), (500, 20500), 201, (429, 20429),
        201, (500, 20500), (429, 20429), 201, 201, (429, 20429),
    ]  # fmt: skip
    assert len(emulator.accepted) == 6
    assert emulator.calls["create"] == 12


def test_faults_change_at_run_time(emulator):
    client = client_for(emulator)
    emulator.configure(every_429=1)
    with pytest.raises(TwilioRestException):
        client.messages.create(to=ANA, from_=SENDER, body="hi")
    emulator.configure(every_429=0, number_errors={ANA: 21610})
    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=ANA, from_=SENDER, body="hi")
    assert raised.value.code == 21610
    emulator.configure(latency=0.01, number_errors={})
    assert client.messages.create(to=ANA, from_=SENDER, body="hi").status == "queued"
    with pytest.raises(TypeError):
        emulator.configure(every_42=1)


def test_status_callbacks_arrive_signed(emulator, receiver):
    client = client_for(emulator)
    sid = client.messages.create(to=ANA, from_=SENDER, body="hi", status_callback=receiver.url).sid
    assert emulator.drain()
    assert [params["MessageStatus"] for _, params, _ in receiver.received] == ["sent", "delivered"]
    for url, params, signature in receiver.received:
        assert url == receiver.url
        assert RequestValidator(AUTH_TOKEN).validate(url, params, signature)
        assert not RequestValidator("another-token").validate(url, params, signature)
        assert params["MessageSid"] == params["SmsSid"] == sid
        assert (params["To"], params["From"], params["ApiVersion"]) == (ANA, SENDER, "2010-04-01")
        assert params["AccountSid"] == emulator.account_sid
        assert "ErrorCode" not in params
    assert client.messages(sid).fetch().status == "delivered"
    assert [c["answer"] for c in emulator.callbacks] == [204, 204]


@pytest.mark.parametrize(
    ("option", "statuses"),
    [("undelivered", ["sent", "undelivered"]), ("failed", ["failed"])],
)
def test_configured_numbers_end_undelivered_or_failed(receiver, option, statuses):
    with TwilioEmulator(**{option: {RAJ: 30003}}, callback_delay=0.01) as emulator:
        client = client_for(emulator)
        sid = client.messages.create(to=RAJ, from_=SENDER, body="hi", status_callback=receiver.url)
        assert emulator.drain()
        fetched = client.messages(sid.sid).fetch()
    assert [params["MessageStatus"] for _, params, _ in receiver.received] == statuses
    assert receiver.received[-1][1]["ErrorCode"] == "30003"
    assert (fetched.status, fetched.error_code) == (statuses[-1], 30003)


def test_chaos_sends_duplicates_and_a_late_sent(receiver):
    with TwilioEmulator(chaos=True) as emulator:
        client = client_for(emulator)
        sid = client.messages.create(to=ANA, from_=SENDER, body="hi", status_callback=receiver.url)
        assert emulator.drain()
        assert client.messages(sid.sid).fetch().status == "delivered"
    statuses = [params["MessageStatus"] for _, params, _ in receiver.received]
    assert statuses == ["sent", "delivered", "delivered", "sent"]


def test_messaging_service_callbacks_name_the_service(emulator, receiver):
    client_for(emulator).messages.create(
        to=ANA, messaging_service_sid="MG" + "2" * 32, body="hi", status_callback=receiver.url
    )
    assert emulator.drain()
    for url, params, signature in receiver.received:
        assert params["MessagingServiceSid"] == "MG" + "2" * 32
        assert params["From"] == emulator.service_number
        assert RequestValidator(AUTH_TOKEN).validate(url, params, signature)


def test_runs_from_the_command_line():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.twilio_emulator", "--port", "0", "--every-429", "2"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        settings = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}
        client = make_client({**settings, "TWILIO_API_BASE_URL": base_url})
        client.messages.create(to=ANA, from_=SENDER, body="hi")
        with pytest.raises(TwilioRestException):
            client.messages.create(to=ANA, from_=SENDER, body="hi")
        with urllib.request.urlopen(f"{base_url}/_emulator/stats") as response:
            stats = json.load(response)
        assert stats["calls"] == {"create": 2}
        assert stats["accepted"] == 1
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert json.loads(output)["accepted"] == 1
