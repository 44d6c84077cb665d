"""The host fixes people on the night from the dashboard, on a phone and on a laptop:
details that stay open, the roster's search, rename, left and back, a walk-in, and a
broadcast confirmed with its cost (or refused with the reason, the text kept)."""

import pytest

from tests.browser.conftest import PLAYWRIGHT_MISSING
from tests.browser.test_admin import sign_in
from tests.helpers import NAMES, Phone, number, open_folk, sign_up

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
DESKTOP = {"width": 1280, "height": 800}
REFRESH_MS = 3_000  # the dashboard's live part asks every 3 s


def row(page, name):
    return page.locator("#roster tbody tr").filter(
        has=page.locator("summary strong").get_by_text(name, exact=True)
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_host_fixes_people_and_tells_everyone(page, host, live_app, screenshots, viewport):
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    open_folk(table_size=4, rounds=3)
    page.goto("/admin/login")
    sign_in(page)
    sign_up(live_app.test_client(), 5, names=NAMES)
    page.goto("/admin/events/FOLK/")

    # Details opened stay open through refreshes, even when the roster changes meanwhile.
    ana = row(page, "Ana")
    ana.locator("summary").click()
    expect(ana.locator("details")).to_have_attribute("open", "")
    Phone(live_app.test_client(), number(20)).text("hi")  # someone new: the roster changes
    expect(page.locator(".count", has_text="still answering")).to_contain_text(
        "1", timeout=2 * REFRESH_MS + 5_000
    )
    page.wait_for_timeout(REFRESH_MS + 500)
    expect(ana.locator("details")).to_have_attribute("open", "")

    # The search keeps its words and its filter across refreshes.
    page.get_by_placeholder("Find: name, table, learn, teach").fill("lee")
    expect(page.locator("#roster tbody tr:visible")).to_have_count(1)
    page.wait_for_timeout(REFRESH_MS + 500)
    expect(page.locator("#roster tbody tr:visible")).to_have_count(1)
    expect(row(page, "Lee")).to_be_visible()
    page.get_by_placeholder("Find: name, table, learn, teach").fill("")

    # Rename, left, back.
    ana.locator("summary").click() if not ana.locator("details[open]").count() else None
    ana.get_by_label("Name tablemates see").fill("Ana Maria")
    ana.get_by_role("button", name="Rename").click()
    expect(page.get_by_text("Renamed: tablemates see the new name")).to_be_visible()
    raj = row(page, "Raj")
    raj.locator("summary").click()
    raj.get_by_role("button", name="Left / not here").click()
    expect(page.get_by_text("Raj is marked as left")).to_be_visible()
    expect(row(page, "Raj").get_by_role("cell").nth(2)).to_have_text("left")
    row(page, "Raj").locator("summary").click()
    row(page, "Raj").get_by_role("button", name="Back: seat them again").click()
    expect(page.get_by_text("Raj is back: seated from the next round.")).to_be_visible()

    # A walk-in with no phone.
    page.get_by_role("link", name="+ Add a walk-in").click()
    page.get_by_label("Name (what tablemates see)").fill("Gus")
    page.get_by_label("Wants to learn (optional)").fill("chess")
    page.screenshot(path=screenshots / f"walk-in-{viewport}.png", full_page=True)
    page.get_by_role("button", name="Add and seat").click()
    expect(page.get_by_text("Gus is in: seated from the next round.")).to_be_visible()
    expect(row(page, "Gus").get_by_role("cell").nth(1)).to_have_text("walk-in")
    page.screenshot(path=screenshots / f"dashboard-fixes-{viewport}.png", full_page=True)
    page.get_by_role("link", name="Event log").click()
    expect(page.get_by_text('Ana Maria renamed (was "Ana")')).to_be_visible()
    expect(page.get_by_text("Gus added as a walk-in")).to_be_visible()
    page.screenshot(path=screenshots / f"event-log-{viewport}.png", full_page=True)

    # A broadcast: too long with an emoji, refused with why and kept; then confirmed.
    page.goto("/admin/events/FOLK/")
    page.get_by_label("Text to everyone present").fill(
        "Dessert is out at the back " * 5 + "\U0001f370"
    )
    page.get_by_role("button", name="Check and send to everyone").click()
    expect(page.get_by_text("outside the plain SMS alphabet (GSM-7)")).to_be_visible()
    box = page.get_by_label("Text to everyone present")
    expect(box).to_have_value(("Dessert is out at the back " * 5).strip() + " \U0001f370")
    box.fill("Dessert is out at the back \U0001f370")
    page.get_by_role("button", name="Check again").click()
    expect(page.locator(".confirm")).to_contain_text("5 texts, 5 segments, about $0.04")
    page.screenshot(path=screenshots / f"broadcast-confirm-{viewport}.png", full_page=True)
    page.get_by_role("button", name="Send 5 texts now").click()
    expect(page.get_by_text("Sending your text to 5 people.")).to_be_visible()
