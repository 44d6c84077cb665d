"""The seam between us and Twilio: the one module that imports `twilio.rest`.

`send` hands one text to Twilio and sorts every way it can go wrong into four exceptions;
`find_sent` settles a hand-off whose outcome is unknown; `backoff` spaces the retries.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import ModuleType
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

DEFAULT_TIMEOUT = 10.0
POOL_SIZE = 32
OPTED_OUT = 21610
TOO_MANY_REQUESTS = 20429
# Twilio's dates have whole seconds and its clock is not ours: look a little further back.
CLOCK_SLACK = timedelta(seconds=60)


class SendError(Exception):
    """A text Twilio did not take, or may not have; `code` is Twilio's error code if any."""

    def __init__(self, code: int | None, message: str = "") -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


class RetryLater(SendError):
    """Twilio is busy or failing (429, 5xx), or the request never left: retry after a backoff."""


class OptedOut(SendError):
    """The recipient replied STOP (21610): never text them again."""


class PermanentFailure(SendError):
    """Twilio refused this text for good (21211, 21614, 21408, any other 4xx)."""


class Unknown(SendError):
    """The request may have reached Twilio but no answer came back: reconcile, never resend."""


@dataclass(frozen=True)
class Sent:
    """A text Twilio has taken: its sid and Twilio's status word."""

    sid: str
    status: str


class _HttpClient(TwilioHttpClient):
    """The SDK's own HTTP client, optionally sending every request to another base URL."""

    def __init__(self, base_url: str | None, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base = urlsplit(base_url.rstrip("/")) if base_url else None
        # Room for a worker's threads to share one client without reconnecting.
        adapter = HTTPAdapter(pool_maxsize=POOL_SIZE)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def request(self, method: str, url: str, *args: object, **kwargs: object) -> Response:
        """Send the SDK's request, to the base URL when one is set."""
        if self.base is not None:
            parts = urlsplit(url)
            path = self.base.path + parts.path
            url = urlunsplit((self.base.scheme, self.base.netloc, path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def make_client(settings: Mapping[str, object]) -> Client:
    """Build the twilio client from TWILIO_* settings, with an explicit HTTP timeout."""
    account_sid = settings.get("TWILIO_ACCOUNT_SID")
    auth_token = settings.get("TWILIO_AUTH_TOKEN")
    if not (account_sid and auth_token):
        raise ValueError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to reach Twilio")
    timeout = float(settings.get("TWILIO_HTTP_TIMEOUT") or DEFAULT_TIMEOUT)
    base_url = settings.get("TWILIO_API_BASE_URL")
    http_client = _HttpClient(str(base_url) if base_url else None, timeout)
    client = Client(str(account_sid), str(auth_token), http_client=http_client)
    # The SDK imports its Messages API on first use (about 0.2 s, under the import lock).
    # Done here, before any text takes its rate-limit slot: otherwise the first texts of a
    # fan-out reached Twilio late and bunched into the next window, over the limit.
    client.messages  # noqa: B018
    return client


def send(
    client: Client,
    *,
    to: str,
    body: str,
    from_number: str | None = None,
    messaging_service_sid: str | None = None,
    status_callback: str | None = None,
    validity_period: int | None = None,
) -> Sent:
    """Hand one text to Twilio; raise RetryLater, OptedOut, PermanentFailure or Unknown."""
    if not (from_number or messaging_service_sid):
        raise ValueError("a sender is needed: a from number or a messaging service sid")
    options = {
        "from_": from_number,
        "messaging_service_sid": messaging_service_sid,
        "status_callback": status_callback,
        "validity_period": validity_period,
    }
    try:
        message = client.messages.create(
            to=to, body=body, **{name: value for name, value in options.items() if value}
        )
    except TwilioException as error:
        raise _classify(error) from error
    except requests.RequestException as error:
        if _never_sent(error):
            raise RetryLater(None, str(error)) from error
        raise Unknown(None, str(error)) from error
    return Sent(message.sid, str(message.status))


def find_sent(
    client: Client,
    *,
    sid: str | None = None,
    to: str | None = None,
    body: str | None = None,
    since: datetime | None = None,
) -> Sent | None:
    """Find a text Twilio took: by sid, or the earliest to `to` with this body since `since`."""
    if not (sid or to):
        raise ValueError("find_sent needs a sid or a recipient")
    try:
        if sid:
            message = client.messages(sid).fetch()
            return Sent(message.sid, str(message.status))
        return _find_by_recipient(client, str(to), body, since)
    except TwilioException as error:
        if _status(error) == 404:
            return None
        raise _classify(error) from error
    except requests.RequestException as error:
        # A read is safe to repeat, whatever happened to it.
        raise RetryLater(None, str(error)) from error


def _find_by_recipient(
    client: Client, to: str, body: str | None, since: datetime | None
) -> Sent | None:
    if since is not None:
        since = (since if since.tzinfo else since.replace(tzinfo=UTC)) - CLOCK_SLACK
    matches = [
        message
        for message in client.messages.stream(to=to, page_size=100)
        if (body is None or message.body == body)
        and (since is None or message.date_created >= since)
    ]
    if not matches:
        return None
    # Twilio lists newest first and its dates have whole seconds: break ties by list order.
    first = min(reversed(matches), key=lambda message: message.date_created)
    return Sent(first.sid, str(first.status))


def backoff(
    attempt: int,
    *,
    base: float = 0.5,
    cap: float = 30.0,
    rng: random.Random | ModuleType = random,
) -> float:
    """Seconds to wait before retry `attempt` (0 first): exponential, capped, full jitter."""
    if attempt < 0:
        raise ValueError("attempt counts from 0")
    return rng.uniform(0, min(cap, base * 2 ** min(attempt, 64)))


def _classify(error: TwilioException) -> SendError:
    """Sort Twilio's error answer into one of the outcome classes."""
    status = _status(error)
    code = getattr(error, "code", None)
    message = str(getattr(error, "msg", "") or getattr(error, "title", "") or error.args[0])
    if status == 429 or code == TOO_MANY_REQUESTS or (status or 0) >= 500:
        return RetryLater(code, message)
    if code == OPTED_OUT:
        return OptedOut(code, message)
    return PermanentFailure(code, message)


def _status(error: TwilioException) -> int | None:
    """The HTTP status of Twilio's answer (a list page's failure carries only the response)."""
    status = getattr(error, "status", None)
    if status is None and len(error.args) > 1:
        status = getattr(error.args[1], "status_code", None)
    return status


def _never_sent(error: requests.RequestException) -> bool:
    """Say whether the request certainly never reached Twilio (no connection was made)."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)
