"""A local Twilio-compatible server: the Messages API, signed status callbacks, fault injection.

In tests: `with TwilioEmulator(every_429=7) as emulator:` and point TWILIO_API_BASE_URL at
`emulator.base_url`. For benchmarks: `python -m tests.twilio_emulator --port 8099`.
"""

import argparse
import base64
import contextlib
import heapq
import itertools
import json
import re
import secrets
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator

from workers.texts.gsm import segments

API_VERSION = "2010-04-01"
ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "emulator-auth-token"
SERVICE_NUMBER = "+15550100100"
ROUTE = re.compile(rf"^/{API_VERSION}/Accounts/(AC\w+)/Messages(?:/(\w+))?\.json$")
ERRORS = {
    20003: (401, "Authenticate"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "Internal Server Error"),
    21211: (400, "Invalid 'To' Phone Number"),
    21408: (400, "Permission to send an SMS has not been enabled for the region"),
    21602: (400, "Message body is required."),
    21603: (400, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"),
    21604: (400, "A 'To' phone number is required."),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21614: (400, "'To' number is not a valid mobile number"),
}
RANK = {"queued": 0, "sent": 1, "delivered": 2, "undelivered": 2, "failed": 2}
SETTINGS = frozenset(
    {
        "every_429", "every_500", "every_slow", "every_drop", "slow_accept", "latency",
        "number_errors", "undelivered", "failed", "callback_delay", "chaos",
    }
)  # fmt: skip


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops connections under a fan-out

    def __init__(self, address: tuple[str, int], emulator: "TwilioEmulator") -> None:
        self.emulator = emulator
        self.connections: set = set()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that hung up (a timed-out slow accept); report anything else."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self) -> None:
        self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.emulator._handle(self, "GET")

    def do_POST(self) -> None:
        self.server.emulator._handle(self, "POST")


class TwilioEmulator:
    """Serve the Twilio Messages API on loopback from a background thread."""

    def __init__(
        self,
        account_sid: str = ACCOUNT_SID,
        auth_token: str = AUTH_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        every_429: int = 0,
        every_500: int = 0,
        every_slow: int = 0,
        every_drop: int = 0,
        slow_accept: float = 0.0,
        latency: float = 0.0,
        number_errors: Mapping[str, int] | None = None,
        undelivered: Mapping[str, int] | None = None,
        failed: Mapping[str, int] | None = None,
        callback_delay: float = 0.0,
        chaos: bool = False,
        callback_threads: int = 4,
        service_number: str = SERVICE_NUMBER,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.service_number = service_number
        self.every_429 = every_429
        self.every_500 = every_500
        self.every_slow = every_slow
        self.every_drop = every_drop
        self.slow_accept = slow_accept
        self.latency = latency
        self.number_errors = dict(number_errors or {})
        self.undelivered = dict(undelivered or {})
        self.failed = dict(failed or {})
        self.callback_delay = callback_delay
        self.chaos = chaos
        self._address = (host, port)
        self._callback_threads = callback_threads
        self._validator = RequestValidator(auth_token)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._calls: Counter[str] = Counter()
        self._creates = 0
        self._messages: dict[str, dict] = {}
        self._hooks: dict[str, tuple[str | None, str | None]] = {}
        self._attempts: list[dict] = []
        self._callbacks: list[dict] = []
        self._queue: list[tuple[float, int, str, tuple]] = []
        self._order = itertools.count()
        self._busy = 0
        self._threads: list[threading.Thread] = []
        self._server: _Server | None = None

    # Life cycle

    def start(self) -> "TwilioEmulator":
        """Bind the port and start serving and dispatching callbacks."""
        self._server = _Server(self._address, self)
        # A short poll interval keeps stop() quick: tests start many emulators.
        serve = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._threads = [serve]
        self._threads += [
            threading.Thread(target=self._dispatch, daemon=True)
            for _ in range(self._callback_threads)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop pending callbacks and hang up on open connections."""
        if self._server is None:
            return
        with self._wake:
            self._stop.set()
            self._wake.notify_all()
        self._server.shutdown()
        for connection in list(self._server.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> "TwilioEmulator":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The URL to use as TWILIO_API_BASE_URL."""
        assert self._server is not None, "start the emulator first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def settings(self) -> dict[str, str]:
        """The Twilio settings that point our code at this emulator."""
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_API_BASE_URL": self.base_url,
        }

    def configure(self, **changes: object) -> None:
        """Change fault settings while running (e.g. `configure(every_429=0)`)."""
        unknown = set(changes) - SETTINGS
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        with self._lock:
            for name, value in changes.items():
                setattr(self, name, dict(value) if isinstance(value, Mapping) else value)

    # What happened, for assertions (snapshots taken under the lock)

    @property
    def calls(self) -> Counter[str]:
        """Requests per endpoint: create, fetch, list, unauthorized, not_found."""
        with self._lock:
            return Counter(self._calls)

    @property
    def accepted(self) -> list[dict]:
        """Every message created, oldest first, with its status_callback and validity_period."""
        with self._lock:
            return [
                {**message, "status_callback": callback, "validity_period": validity}
                for (callback, validity), message in zip(
                    self._hooks.values(), self._messages.values(), strict=True
                )
            ]

    @property
    def attempts(self) -> list[dict]:
        """Every authorized create request: its form and the HTTP status answered."""
        with self._lock:
            return [dict(attempt) for attempt in self._attempts]

    @property
    def callbacks(self) -> list[dict]:
        """Every status callback posted: url, params, signature and the answer (or error)."""
        with self._lock:
            return [dict(callback) for callback in self._callbacks]

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every scheduled status callback has been posted; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0 or self._stop.is_set():
                    return False
                self._wake.wait(left)
        return True

    # Requests

    def _handle(self, request: _Handler, method: str) -> None:
        url = urlsplit(request.path)
        if method == "GET" and url.path == "/_emulator/stats":
            return self._stats(request)
        length = int(request.headers.get("Content-Length") or 0)
        form = _first_values(parse_qs(request.rfile.read(length).decode(), keep_blank_values=True))
        match = ROUTE.match(url.path)
        endpoint = {
            ("POST", False): "create",
            ("GET", True): "fetch",
            ("GET", False): "list",
        }.get((method, bool(match and match[2])))
        if match is None or endpoint is None:
            self._count("not_found")
            return _error(request, 20404)
        if not self._authorized(request.headers.get("Authorization", ""), match[1]):
            self._count("unauthorized")
            return _error(request, 20003)
        self._count(endpoint)
        if self.latency:
            self._stop.wait(self.latency)
        if endpoint == "create":
            return self._create(request, form)
        if endpoint == "fetch":
            return self._fetch(request, match[2])
        return self._list(request, _first_values(parse_qs(url.query)))

    def _count(self, endpoint: str) -> None:
        with self._lock:
            self._calls[endpoint] += 1

    def _authorized(self, header: str, account_sid: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return False
        expected = (self.account_sid, self.account_sid, self.auth_token)
        return scheme == "Basic" and (account_sid, user, password) == expected

    def _create(self, request: _Handler, form: dict[str, str]) -> None:
        with self._lock:
            self._creates += 1
            n = self._creates
        code = _nth(n, self.every_429, 20429) or _nth(n, self.every_500, 20500)
        to = form.get("To", "")
        if code is None:
            code = self._refusal(form, to)
        if code is not None:
            self._attempt(form, ERRORS.get(code, (400, ""))[0])
            return _error(request, code)
        message = self._store(form, to)
        self._attempt(form, 201)
        if _nth(n, self.every_drop, True):
            request.close_connection = True
            return
        if _nth(n, self.every_slow, True) or (self.slow_accept and not self.every_slow):
            self._stop.wait(self.slow_accept)
        _reply(request, 201, message)

    def _refusal(self, form: dict[str, str], to: str) -> int | None:
        if not to:
            return 21604
        if not form.get("Body"):
            return 21602
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return 21603
        return self.number_errors.get(to)

    def _attempt(self, form: dict[str, str], status: int) -> None:
        with self._lock:
            self._attempts.append({**form, "status": status, "at": time.monotonic()})

    def _store(self, form: dict[str, str], to: str) -> dict:
        sid = "SM" + secrets.token_hex(16)
        now = format_datetime(datetime.now(UTC))
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}.json"
        message = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": str(segments(form["Body"])),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": to,
            "uri": uri,
        }
        with self._wake:
            self._messages[sid] = message
            self._hooks[sid] = (form.get("StatusCallback"), form.get("ValidityPeriod"))
            self._schedule(sid, self._chain(to))
            return dict(message)

    def _fetch(self, request: _Handler, sid: str) -> None:
        with self._lock:
            message = self._messages.get(sid)
            message = dict(message) if message else None
        if message is None:
            return _error(request, 20404)
        _reply(request, 200, message)

    def _list(self, request: _Handler, query: dict[str, str]) -> None:
        filters = {k: v for k, v in query.items() if k in ("To", "From") or "DateSent" in k}
        size = min(int(query.get("PageSize") or 50), 1000)
        page = int(query.get("Page") or 0)
        with self._lock:
            found = [dict(m) for m in reversed(self._messages.values()) if _matches(m, filters)]
        records = found[page * size : (page + 1) * size]
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

        def page_uri(number: int) -> str:
            return f"{uri}?{urlencode({**filters, 'PageSize': size, 'Page': number})}"

        _reply(
            request,
            200,
            {
                "messages": records,
                "page": page,
                "page_size": size,
                "start": page * size,
                "end": page * size + max(len(records) - 1, 0),
                "uri": page_uri(page),
                "first_page_uri": page_uri(0),
                "previous_page_uri": page_uri(page - 1) if page else None,
                "next_page_uri": page_uri(page + 1) if (page + 1) * size < len(found) else None,
            },
        )

    def _stats(self, request: _Handler) -> None:
        with self._lock:
            stats = {
                "calls": dict(self._calls),
                "accepted": len(self._messages),
                "callbacks": len(self._callbacks),
            }
        _reply(request, 200, stats)

    # Status callbacks

    def _chain(self, to: str) -> tuple[tuple[str, int | None], ...]:
        if to in self.failed:
            chain: tuple[tuple[str, int | None], ...] = (("failed", self.failed[to]),)
        elif to in self.undelivered:
            chain = (("sent", None), ("undelivered", self.undelivered[to]))
        else:
            chain = (("sent", None), ("delivered", None))
        # Chaos: the final status again, then the earlier ones late (e.g. "sent" after "delivered").
        return (*chain, chain[-1], *chain[:-1]) if self.chaos else chain

    def _schedule(self, sid: str, chain: tuple) -> None:
        due = time.monotonic() + self.callback_delay
        heapq.heappush(self._queue, (due, next(self._order), sid, chain))
        self._wake.notify_all()

    def _dispatch(self) -> None:
        while True:
            with self._wake:
                while not (self._queue and self._queue[0][0] <= time.monotonic()):
                    if self._stop.is_set():
                        return
                    self._wake.wait(self._queue[0][0] - time.monotonic() if self._queue else None)
                if self._stop.is_set():
                    return
                _, _, sid, chain = heapq.heappop(self._queue)
                self._busy += 1
                url, params = self._advance(sid, *chain[0])
            try:
                if url:
                    self._post(url, params)
            finally:
                with self._wake:
                    self._busy -= 1
                    if chain[1:]:
                        self._schedule(sid, chain[1:])
                    self._wake.notify_all()

    def _advance(self, sid: str, status: str, code: int | None) -> tuple[str | None, dict]:
        message = self._messages[sid]
        if RANK[status] > RANK[message["status"]]:
            now = format_datetime(datetime.now(UTC))
            message.update(status=status, error_code=code, date_updated=now)
            if status == "sent":
                message["date_sent"] = now
        params = {
            "SmsSid": sid,
            "SmsStatus": status,
            "MessageStatus": status,
            "To": message["to"],
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": message["from"] or self.service_number,
            "ApiVersion": API_VERSION,
        }
        if message["messaging_service_sid"]:
            params["MessagingServiceSid"] = message["messaging_service_sid"]
        if code is not None:
            params["ErrorCode"] = str(code)
        return self._hooks[sid][0], params

    def _post(self, url: str, params: dict[str, str]) -> None:
        signature = self._validator.compute_signature(url, params)
        request = urllib.request.Request(
            url,
            data=urlencode(params).encode(),
            headers={"X-Twilio-Signature": signature, "User-Agent": "TwilioProxy/1.1"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                answer: int | str = response.status
        except urllib.error.HTTPError as error:
            answer = error.code
            error.close()
        except OSError as error:
            answer = repr(error)
        with self._lock:
            self._callbacks.append(
                {"url": url, "params": params, "signature": signature, "answer": answer}
            )


def _nth(n: int, every: int, value: object) -> object:
    """Give value when n is a multiple of every (0 means never)."""
    return value if every and n % every == 0 else None


def _first_values(values: dict[str, list[str]]) -> dict[str, str]:
    return {name: found[0] for name, found in values.items()}


def _matches(message: dict, filters: dict[str, str]) -> bool:
    """Apply the list filters: To, From, DateSent, DateSent< and DateSent> (inclusive)."""
    for name, wanted in filters.items():
        if name in ("To", "From"):
            if message[name.lower()] != wanted:
                return False
            continue
        if message["date_sent"] is None:
            return False
        sent = parsedate_to_datetime(message["date_sent"])
        bound: date | datetime = datetime.fromisoformat(wanted)
        if len(wanted) == 10:
            sent, bound = sent.date(), bound.date()
        op = name.removeprefix("DateSent")
        if (op == "" and sent != bound) or (op == "<" and sent > bound):
            return False
        if op == ">" and sent < bound:
            return False
    return True


def _reply(request: _Handler, status: int, payload: dict) -> None:
    data = json.dumps(payload).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json; charset=utf-8")
    request.send_header("Content-Length", str(len(data)))
    request.send_header("Twilio-Request-Id", "RQ" + secrets.token_hex(16))
    if status == 401:
        request.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
    request.end_headers()
    request.wfile.write(data)


def _error(request: _Handler, code: int) -> None:
    status, message = ERRORS.get(code, (400, f"Error {code}"))
    more_info = f"https://www.twilio.com/docs/errors/{code}"
    body = {"code": code, "message": message, "more_info": more_info, "status": status}
    _reply(request, status, body)


def main(argv: list[str] | None = None) -> None:
    """Run the emulator in the foreground until interrupted; print stats when it stops."""
    parser = argparse.ArgumentParser(prog="python -m tests.twilio_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--account-sid", default=ACCOUNT_SID)
    parser.add_argument("--auth-token", default=AUTH_TOKEN)
    for name in ("every-429", "every-500", "every-slow", "every-drop"):
        parser.add_argument(f"--{name}", type=int, default=0, help="every Nth create call")
    parser.add_argument("--slow-accept", type=float, default=0.0, help="seconds")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    parser.add_argument("--callback-delay", type=float, default=0.0, help="seconds")
    parser.add_argument("--chaos", action="store_true", help="duplicate and late callbacks")
    parser.add_argument(
        "--number-error", action="append", default=[], metavar="NUMBER=CODE",
        help="answer this error code for this recipient (e.g. +15550100001=21610)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    number_errors = {n: int(c) for n, _, c in (e.partition("=") for e in args.number_error)}
    emulator = TwilioEmulator(
        args.account_sid, args.auth_token, host=args.host, port=args.port,
        every_429=args.every_429, every_500=args.every_500, every_slow=args.every_slow,
        every_drop=args.every_drop, slow_accept=args.slow_accept, latency=args.latency,
        number_errors=number_errors, callback_delay=args.callback_delay, chaos=args.chaos,
    )  # fmt: skip
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with emulator:
        print(emulator.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            threading.Event().wait()
        print(json.dumps({"calls": emulator.calls, "accepted": len(emulator.accepted)}))


if __name__ == "__main__":
    main()
