"""Security headers on every response, and a CSP the pages keep: each inline script and
style carries the response's nonce, and nothing relies on eval or inline handlers."""

import re

import pytest

PAGES = ["/admin/login", "/admin/", "/admin/events/", "/admin/events/FOLK/",
         "/admin/events/FOLK/live", "/admin/events/FOLK/rounds/next", "/admin/events/FOLK/matches",
         "/admin/events/new", "/healthz", "/static/htmx.min.js"]  # fmt: skip


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(signed_in, path):
    response = signed_in.get(path)
    response.close()  # a static file is streamed from disk
    assert response.status_code in {200, 302, 503}, path
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = csp(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_the_webhook_answer_carries_them_too(client):
    response = client.post("/sms", data={"Body": "hi"})
    assert response.status_code == 403
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("/admin")])
def test_inline_scripts_and_styles_carry_the_nonce_and_no_handler_is_inline(signed_in, path):
    browser = signed_in.application.test_client() if path == "/admin/login" else signed_in
    response = browser.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)
    assert f"'nonce-{nonce}'" in csp(response)["style-src"]
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag or " src=" in tag, tag
    assert not re.search(r"\son[a-z]+=|hx-on", html)


def test_the_simulator_keeps_the_csp(rehearsal_app):
    client = rehearsal_app.test_client()
    response = client.get("/simulator")
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag or " src=" in tag, tag
    assert not re.search(r"\son[a-z]+=|hx-on", html)
    assert '"allowEval": false' in html
