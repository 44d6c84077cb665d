"""Host accounts and sign-in: the CLI, passwords, sessions, throttling and CSRF."""

import re
import threading
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select, update

from models import Host, LoginFailure, Session, utcnow
from service.auth import BAD_SIGN_IN
from tests.helpers import EMAIL, PASSWORD, form_token, make_app, sign_in
from workers.hosts.accounts import HASHER, create_host


@pytest.fixture
def host(app):
    with Session() as session:
        host = create_host(session, "Ana@Example.org", PASSWORD)
        session.commit()
        return host


def stored_hash(email=EMAIL):
    with Session() as session:
        return session.scalars(select(Host.password_hash).where(Host.email == email)).one()


# The command line


def test_host_add_asks_for_the_password_twice_and_stores_an_argon2id_hash(runner, client):
    result = runner.invoke(args=["host", "add", "Ana@Example.org"], input=f"{PASSWORD}\n" * 2)
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert "host ana@example.org added" in result.output
    password_hash = stored_hash()
    assert password_hash.startswith("$argon2id$")
    parameters = extract_parameters(password_hash)
    # OWASP's minimum for Argon2id is 19 MiB, 2 iterations, 1 lane.
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert sign_in(client).status_code == 302


def test_host_add_reads_the_password_from_stdin(runner, client):
    args = ["host", "add", EMAIL, "--password-stdin"]
    result = runner.invoke(args=args, input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    assert sign_in(client).status_code == 302  # the newline is not part of the password


@pytest.mark.parametrize(
    ("email", "password", "says"),
    [
        ("bea@example.org", "short pass1", "at least 12 characters"),
        ("ANA@example.org", "another long password", "already exists"),
        ("not-an-email", "another long password", "does not look like an email"),
    ],
)
def test_host_add_refuses_with_one_line(runner, host, email, password, says):
    result = runner.invoke(args=["host", "add", email, "--password-stdin"], input=password)
    assert result.exit_code != 0
    assert says in result.output and result.output.count("\n") == 1
    with Session() as session:
        assert session.scalars(select(Host.email)).all() == [EMAIL]


def test_host_list(runner, host):
    result = runner.invoke(args=["host", "list"])
    assert result.exit_code == 0
    assert result.output.startswith(f"{EMAIL}\tadded ")


# Signing in and out


def test_sign_in_and_out(client, host):
    assert client.get("/admin/").status_code == 302
    response = sign_in(client, email="  ANA@example.ORG ")
    assert response.status_code == 302 and response.location == "/admin/"
    page = client.get("/admin/").get_data(as_text=True)
    assert "Signed in as ana@example.org" in page
    response = client.post("/admin/logout", data={"csrf_token": form_token(page)})
    assert response.status_code == 302
    assert client.get("/admin/").location.startswith("/admin/login")


def test_signing_out_ends_copies_of_the_session_and_other_devices_too(app, client, host):
    sign_in(client)
    laptop = app.test_client()
    sign_in(laptop)
    copied = client.get_cookie("session").value
    page = client.get("/admin/").get_data(as_text=True)
    client.post("/admin/logout", data={"csrf_token": form_token(page)})
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/").location.startswith("/admin/login")
    assert laptop.get("/admin/").location.startswith("/admin/login")
    assert sign_in(client).status_code == 302  # signing in again works
    assert client.get("/admin/").status_code == 200


def test_a_new_secret_key_ends_sessions_signed_with_the_old_one(app, client, host):
    """The cookie signer is made once per key (every text opens a session too), so it must
    follow a change of key: a session signed with the old key no longer signs anyone in,
    unless the old key is kept as a fallback."""
    sign_in(client)
    assert client.get("/admin/").status_code == 200
    old_key, app.secret_key = app.secret_key, "a-new-secret-key"
    assert client.get("/admin/").location.startswith("/admin/login")
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]  # rotating keys without signing out
    assert client.get("/admin/").status_code == 200


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, host):
    wrong = sign_in(client, password="wrong password!")
    unknown = sign_in(client, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 200
    pages = [  # the form token and the CSP nonce differ on every page
        re.sub(r'nonce="[^"]+"', "NONCE", r.get_data(as_text=True)).replace(
            form_token(r.get_data(as_text=True)), "TOKEN"
        )
        for r in (wrong, unknown)
    ]
    assert BAD_SIGN_IN in pages[0]
    assert pages[0] == pages[1].replace("nobody@example.org", EMAIL)
    assert client.get("/admin/").status_code == 302


def test_a_host_can_sign_in_while_redis_is_down(database_url, host):
    app = make_app(database_url, "redis://127.0.0.1:9/0")
    try:
        client = app.test_client()
        assert sign_in(client).status_code == 302
        assert client.get("/admin/").status_code == 200
    finally:
        app.extensions["engine"].dispose()


def test_an_old_hash_is_rehashed_with_the_current_parameters(client, host):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with Session() as session:
        session.execute(update(Host).values(password_hash=weak))
        session.commit()
    assert sign_in(client).status_code == 302
    assert stored_hash() != weak and not HASHER.check_needs_rehash(stored_hash())


def test_every_admin_page_needs_sign_in(app, client):
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]
    assert {r.endpoint for r in rules} >= {"auth.index", "auth.logout"}
    token = form_token(client.get("/admin/login").get_data(as_text=True))
    urls = app.url_map.bind("localhost")
    for rule in rules:
        if rule.endpoint == "auth.login":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            path = urls.build(rule.endpoint, dict.fromkeys(rule.arguments, 1), method)
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (method, path)
            location = urlsplit(response.location)
            assert location.path == "/admin/login", (method, path)
            assert parse_qs(location.query)["next"] == [path]


def test_sign_in_returns_to_the_page_asked_for(client, host):
    first = client.get("/admin/?tab=roster")
    assert sign_in(client, next=parse_qs(urlsplit(first.location).query)["next"][0]).location == (
        "/admin/?tab=roster"
    )


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/admin/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "admin/",
    ],
)
def test_sign_in_never_sends_a_host_to_another_site(client, host, target):
    assert sign_in(client, next=target).location == "/admin/"


# Throttling


def test_the_sixth_attempt_after_five_wrong_passwords_gets_429(client, host):
    for _ in range(5):
        assert sign_in(client, password="wrong password!").status_code == 200
    response = sign_in(client)  # even the right password, now
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) == 15 * 60
    assert client.get("/admin/").status_code == 302
    with Session() as session:  # fifteen minutes later
        past = utcnow() - timedelta(minutes=16)
        session.execute(update(LoginFailure).values(failed_at=past))
        session.commit()
    assert sign_in(client).status_code == 302
    with Session() as session:
        assert session.scalars(select(LoginFailure)).all() == []


def test_one_email_is_throttled_whatever_the_address(client, host):
    for i in range(5):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{i}"
        assert sign_in(client, password="wrong password!").status_code == 200
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert sign_in(client).status_code == 429
    assert sign_in(client, email="bea@example.org").status_code == 200


def test_one_address_is_throttled_whatever_the_email(client, host):
    for i in range(5):
        assert sign_in(client, email=f"guess{i}@example.org").status_code == 200
    assert sign_in(client).status_code == 429
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert sign_in(client).status_code == 302


def test_signing_in_clears_the_emails_failures(client, host):
    for _ in range(4):
        sign_in(client, password="wrong password!")
    assert sign_in(client).status_code == 302
    client.post("/admin/logout", data={"csrf_token": form_token(client.get("/admin/").text)})
    for _ in range(4):
        assert sign_in(client, password="wrong password!").status_code == 200
    assert sign_in(client).status_code == 302


# CSRF


def test_an_admin_post_without_the_form_token_is_400(client, host):
    assert sign_in(client).status_code == 302
    response = client.post("/admin/logout")
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert client.post("/admin/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/admin/").status_code == 200  # still signed in
    response = client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 400


def test_the_twilio_webhooks_need_no_form_token(app, phone, event):
    assert app.config["WTF_CSRF_ENABLED"]
    assert "Welcome to Folk Night" in phone.text("FOLK")


# The session cookie


def session_cookie(response):
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    return {part.split("=")[0].strip().lower(): part for part in header.split(";")}, header


def test_the_session_cookie_flags(app, client, host):
    assert app.permanent_session_lifetime <= timedelta(hours=12)
    flags, header = session_cookie(sign_in(client))
    assert "httponly" in flags and flags["samesite"].strip() == "SameSite=Lax"
    assert "secure" not in flags  # PUBLIC_URL is not https here
    expires = parsedate_to_datetime(flags["expires"].split("=", 1)[1])
    assert expires - utcnow() <= timedelta(hours=12), header


def test_the_session_cookie_is_secure_when_public_url_is_https(database_url, redis_url):
    app = make_app(database_url, redis_url, PUBLIC_URL="https://tablemates.example")
    try:
        flags, _ = session_cookie(app.test_client().get("/admin/login"))
        assert "secure" in flags and "httponly" in flags
    finally:
        app.extensions["engine"].dispose()


def test_a_session_ends_twelve_hours_after_sign_in(client, host):
    sign_in(client)
    with client.session_transaction() as session:
        session["signed_in_at"] = time.time() - 12 * 3600 - 60
    assert client.get("/admin/").status_code == 302


def test_signing_in_starts_a_new_session(app, client, host):
    client.get("/admin/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        token_before = session["csrf_token"]
    cookie_before = client.get_cookie("session").value
    assert sign_in(client).status_code == 302
    assert client.get_cookie("session").value != cookie_before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != token_before
    attacker = app.test_client()
    attacker.set_cookie("session", cookie_before)
    assert attacker.get("/admin/").status_code == 302


def test_a_forged_x_forwarded_for_does_not_dodge_the_address_throttle(client, host):
    # With no trusted proxy (the default) the header is ignored: 40 emails sprayed from
    # one address with 40 made-up forwarded addresses are still one address.
    answers = [
        sign_in(
            client.application.test_client(),
            email=f"guess{i}@example.org",
            headers_for=f"203.0.113.{i}",
        ).status_code
        for i in range(12)
    ]
    assert answers[:5] == [200] * 5
    assert set(answers[5:]) == {429}


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(database_url, redis_url, host):
    app = make_app(database_url, redis_url, TRUSTED_PROXIES=1)
    try:
        for i in range(5):  # five clients, each once: the proxy says who they are
            answer = sign_in(app.test_client(), email=f"guess{i}@example.org",
                             headers_for=f"203.0.113.{i}")  # fmt: skip
            assert answer.status_code == 200
        assert sign_in(app.test_client(), headers_for="203.0.113.99").status_code == 302
        # A client prepending its own addresses changes nothing: only the proxy's hop counts.
        for i in range(5):
            sign_in(app.test_client(), email=f"x{i}@example.org", headers_for=f"9.9.9.{i}, 7.7.7.7")
        blocked = sign_in(app.test_client(), email="y@example.org", headers_for="1.1.1.1, 7.7.7.7")
        assert blocked.status_code == 429
    finally:
        app.extensions["engine"].dispose()


def test_thirty_tries_at_once_let_no_more_than_the_limit_through(app, host):
    results: list[int] = []
    barrier = threading.Barrier(30)

    def attempt(i: int) -> None:
        client = app.test_client()
        token = form_token(client.get("/admin/login").get_data(as_text=True))
        barrier.wait()
        data = {"email": EMAIL, "password": f"wrong {i}", "csrf_token": token}
        results.append(client.post("/admin/login", data=data).status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 30
    assert results.count(200) <= 5  # a password was checked at most five times
    assert set(results) <= {200, 429}
