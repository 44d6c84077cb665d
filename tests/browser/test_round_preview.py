"""The round preview in a real browser: what Send costs, then Send seats that plan."""

import re

import pytest

from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.test_admin import sign_in
from tests.helpers import NAMES, open_folk, sign_up

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_preview_says_what_send_costs_and_send_reports_who_came_since(
    page, live_app, host, screenshots, viewport
):
    size = "desktop" if viewport is DESKTOP else "phone"
    page.set_viewport_size(viewport)
    open_folk(table_size=4, rounds=3)
    sign_up(live_app.test_client(), 11, names=NAMES)
    page.goto("/admin/login")
    sign_in(page)
    page.goto("/admin/events/FOLK/")
    page.get_by_role("link", name="Start round 1").click()
    expect(page.get_by_role("heading", name="Round 1 of 3: the plan")).to_be_visible()
    cost = page.locator(".cost")
    expect(cost).to_contain_text(re.compile(r"This sends 11 texts, \d+ segments?, about \$\d"))
    expect(cost).to_contain_text("a segment")
    send = page.get_by_role("button", name="Send round 1: 11 texts")
    expect(send).to_be_visible()
    page.screenshot(path=screenshots / f"round-preview-cost-{size}.png", full_page=True)

    sign_up(live_app.test_client(), 1, start=11, names=NAMES)  # Uma arrives meanwhile
    send.click()
    flash = page.locator(".flash.ok")
    expect(flash).to_contain_text("Round 1 started: tables are being texted.")
    expect(flash).to_contain_text(re.compile(r"1 arrived since the preview: Uma at table \d+\."))
    page.screenshot(path=screenshots / f"round-sent-adjusted-{size}.png", full_page=True)
