"""The Twilio seam against the local Twilio server: each outcome class, reconciling, backoff."""

import random
import socket
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.twilio_emulator import TwilioEmulator
from workers.outbox.twilio_seam import (
    OptedOut,
    PermanentFailure,
    RetryLater,
    SendError,
    Sent,
    Unknown,
    backoff,
    find_sent,
    make_client,
    send,
)

SENDER = "+15550100199"
ANA = "+15550100001"
RAJ = "+15550100002"


@pytest.fixture
def emulator():
    """A running emulator with no faults."""
    with TwilioEmulator() as running:
        yield running


def text(emulator: TwilioEmulator, to: str = ANA, body: str = "TABLE 7", **settings) -> Sent:
    """Send one text through the seam to the emulator."""
    client = make_client({**emulator.settings, **settings})
    return send(client, to=to, body=body, from_number=SENDER)


def test_make_client_needs_credentials():
    with pytest.raises(ValueError, match="TWILIO_ACCOUNT_SID"):
        make_client({"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": None})


def test_make_client_sets_the_timeout():
    settings = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "token"}
    assert make_client(settings).http_client.timeout == 10.0
    assert make_client({**settings, "TWILIO_HTTP_TIMEOUT": "2.5"}).http_client.timeout == 2.5


def test_send_hands_the_text_to_the_base_url(emulator):
    sent = text(emulator)
    assert sent == Sent(emulator.accepted[0]["sid"], "queued")
    assert emulator.accepted[0]["body"] == "TABLE 7"


def test_send_passes_callback_validity_and_service(emulator):
    client = make_client(emulator.settings)
    service = "MG" + "3" * 32
    callback = "https://tables.example.org/sms/status"
    send(client, to=ANA, body="hi", messaging_service_sid=service, status_callback=callback,
         validity_period=900)  # fmt: skip
    [message] = emulator.accepted
    assert (message["messaging_service_sid"], message["from"]) == (service, None)
    assert (message["status_callback"], message["validity_period"]) == (callback, "900")


def test_send_needs_a_sender(emulator):
    with pytest.raises(ValueError, match="sender"):
        send(make_client(emulator.settings), to=ANA, body="hi")
    assert emulator.calls["create"] == 0


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (21610, OptedOut),
        (21211, PermanentFailure),
        (21614, PermanentFailure),
        (21408, PermanentFailure),
        (21612, PermanentFailure),  # a code we do not name falls into the default class
    ],
)
def test_refused_numbers_map_to_their_class(code, outcome):
    with TwilioEmulator(number_errors={RAJ: code}) as emulator, pytest.raises(outcome) as raised:
        text(emulator, to=RAJ)
    assert raised.value.code == code
    assert emulator.accepted == []


def test_every_nth_429_and_500_are_retry_later():
    outcomes = []
    with TwilioEmulator(every_429=2, every_500=3) as emulator:
        for _ in range(4):
            try:
                text(emulator)
                outcomes.append("sent")
            except SendError as error:
                outcomes.append((type(error), error.code))
    assert outcomes == ["sent", (RetryLater, 20429), (RetryLater, 20500), (RetryLater, 20429)]


def test_wrong_credentials_are_a_permanent_failure(emulator):
    with pytest.raises(PermanentFailure) as raised:
        text(emulator, TWILIO_AUTH_TOKEN="wrong")
    assert raised.value.code == 20003


def test_refused_connection_is_retry_later():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "token",
                          "TWILIO_API_BASE_URL": f"http://127.0.0.1:{port}"})  # fmt: skip
    with pytest.raises(RetryLater):
        send(client, to=ANA, body="hi", from_number=SENDER)
    with pytest.raises(RetryLater):
        find_sent(client, to=ANA, body="hi")


@pytest.mark.parametrize("fault", [{"slow_accept": 5.0}, {"every_drop": 1}])
def test_lost_answer_is_unknown_and_find_sent_reconciles_it(fault):
    since = datetime.now(UTC)
    with TwilioEmulator(**fault) as emulator:
        with pytest.raises(Unknown):
            text(emulator, body="Round 2: TABLE 4", TWILIO_HTTP_TIMEOUT=0.3)
        [accepted] = emulator.accepted
        client = make_client(emulator.settings)
        found = find_sent(client, to=ANA, body="Round 2: TABLE 4", since=since)
        assert found is not None and found.sid == accepted["sid"]
        assert find_sent(client, to=ANA, body="Round 3: TABLE 4", since=since) is None
        assert emulator.calls["create"] == 1


def test_find_sent_by_sid(emulator):
    client = make_client(emulator.settings)
    sent = send(client, to=ANA, body="hi", from_number=SENDER)
    assert find_sent(client, sid=sent.sid).sid == sent.sid
    assert find_sent(client, sid="SM" + "f" * 32) is None


def test_find_sent_matches_recipient_body_and_time(emulator):
    client = make_client(emulator.settings)
    first = send(client, to=ANA, body="Round 1: TABLE 3", from_number=SENDER)
    send(client, to=RAJ, body="Round 1: TABLE 3", from_number=SENDER)
    send(client, to=ANA, body="Round 1: TABLE 3", from_number=SENDER)
    assert find_sent(client, to=ANA, body="Round 1: TABLE 3").sid == first.sid
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert find_sent(client, to=ANA, body="Round 1: TABLE 3", since=later) is None
    naive = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    assert find_sent(client, to=ANA, body="Round 1: TABLE 3", since=naive) is not None
    with pytest.raises(ValueError, match="sid or a recipient"):
        find_sent(client, body="Round 1: TABLE 3")


def test_find_sent_pages_through_the_list(emulator):
    client = make_client(emulator.settings)
    wanted = send(client, to=ANA, body="the one", from_number=SENDER)
    for i in range(120):
        send(client, to=ANA, body=f"other {i}", from_number=SENDER)
    assert find_sent(client, to=ANA, body="the one").sid == wanted.sid
    assert emulator.calls["list"] == 2


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    base=st.floats(min_value=0.001, max_value=10),
    cap=st.floats(min_value=0.001, max_value=600),
    seed=st.integers(),
)
def test_backoff_stays_within_the_exponential_cap(attempt, base, cap, seed):
    delay = backoff(attempt, base=base, cap=cap, rng=random.Random(seed))
    assert 0 <= delay <= min(cap, base * 2 ** min(attempt, 64))


class _Highest:
    """An rng that always draws the top of the range."""

    def uniform(self, low: float, high: float) -> float:
        return high


def test_backoff_doubles_up_to_the_cap():
    delays = [backoff(attempt, base=1, cap=20, rng=_Highest()) for attempt in range(7)]
    assert delays == [1, 2, 4, 8, 16, 20, 20]


def test_backoff_rejects_a_negative_attempt():
    with pytest.raises(ValueError, match="attempt"):
        backoff(-1)
