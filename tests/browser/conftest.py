"""A real browser for the admin pages: Playwright driving Debian's Chromium, headless.

Playwright may not download a browser of its own here, so it launches /usr/bin/chromium
(Debian's `chromium` package, which `.ci/run` installs); without it these tests are skipped.
Screenshots go to TABLEMATES_SCREENSHOTS, or to a temporary folder printed at the end.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
EMAIL, PASSWORD = "host@example.org", "correct horse battery"
SCREENSHOTS = pytest.StashKey[Path]()
PLAYWRIGHT_MISSING = "browser tests need playwright (pip install -e '.[test]')"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one for the whole run."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_app):
    """A phone-sized tab on the live app."""
    context = browser.new_context(base_url=live_app.config["PUBLIC_URL"], viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    # A script, a style or an htmx handler the Content-Security-Policy blocks is a broken
    # page: every browser test fails on one.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert blocked == [], blocked


@pytest.fixture
def rehearsal(live_app, start_worker):
    """The live app and a real worker in rehearsal mode: the simulator is on, no Twilio."""
    # The simulator is there only in rehearsal mode, which the app reads on each request.
    live_app.config.update(REHEARSAL=True, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None)
    start_worker(TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
    return live_app


@pytest.fixture
def host(live_app):
    """A host account, added with `tablemates host add`."""
    runner = live_app.test_cli_runner()
    result = runner.invoke(args=["host", "add", EMAIL, "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    return EMAIL


@pytest.fixture(scope="session")
def screenshots(request, tmp_path_factory):
    """The folder this run's screenshots go to."""
    folder = os.environ.get("TABLEMATES_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS] = path
    return path


def pytest_terminal_summary(terminalreporter, config):
    path = config.stash.get(SCREENSHOTS, None)
    if path is not None and any(path.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {path}")
