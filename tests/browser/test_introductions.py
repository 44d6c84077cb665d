"""The introductions page in a real browser, at desktop width and 390 px: the words for
the consent mode, each person's introductions, a drop and its undo, the floor and the
pairs just below it, the confirmed send, and the statuses afterwards."""

import pytest
from sqlalchemy import update

from models import Event, Session
from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.test_admin import sign_in
from tests.helpers import NAMES, Phone, number, open_folk, sign_up, wait_until

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}
MATCHES = "/admin/events/FOLK/matches"


@pytest.fixture
def eight_signed_up(live_app, host):
    # person i learns TOPICS[i % 8] and teaches TOPICS[(i + 3) % 8]: Ana learns from Zoe.
    open_folk(table_size=4)
    sign_up(live_app.test_client(), 8, names=NAMES)


def open_page(page, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto("/admin/login")
    sign_in(page)
    page.goto(MATCHES)


def fits(page):
    """Nothing wider than the window (readable without scrolling sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def send(page):
    """Tick the confirmation, send now, and come back once the worker wrote them."""
    page.get_by_label("Yes, send").check()
    page.get_by_role("button", name="Send introductions").click()
    expect(page.get_by_text("The introductions are being texted now.")).to_be_visible()

    def written():
        page.goto(MATCHES)
        return page.get_by_text("texts handed off").count() > 0

    assert wait_until(written, timeout=60)


@pytest.mark.parametrize("width", WIDTHS)
def test_drop_floor_confirm_and_send(page, eight_signed_up, start_worker, screenshots, width):
    start_worker()
    open_page(page, width)
    expect(page.get_by_text("Each side gets one text with the other's first name")).to_be_visible()
    expect(page.get_by_text("8 introductions as they would go out now")).to_be_visible()
    expect(page.get_by_role("heading", name="Floor: 50%")).to_be_visible()
    expect(page.locator(".misses li").first).to_contain_text("wants")
    assert fits(page)
    page.screenshot(path=screenshots / f"introductions-planned-{width}.png", full_page=True)

    ana = page.locator("section.person", has=page.get_by_role("heading", name="Ana"))
    ana.locator("li", has_text="from Zoe").get_by_role("button", name="Drop").click()
    expect(page.get_by_text("Dropped: that pair will not be introduced.")).to_be_visible()
    expect(ana.locator("li", has_text="from Zoe").locator(".status")).to_have_text("dropped")
    expect(page.get_by_text("Sending now writes 14 texts, 14 segments")).to_be_visible()
    page.screenshot(path=screenshots / f"introductions-dropped-{width}.png", full_page=True)
    ana.locator("li", has_text="from Zoe").get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Restored: that pair is planned again.")).to_be_visible()
    cost = page.get_by_text("Sending now writes 16 texts, 16 segments, about $0.13")
    expect(cost).to_be_visible()

    # The box must be ticked: the browser will not send the form without it.
    page.get_by_role("button", name="Send introductions").click()
    expect(page.get_by_role("heading", name="Finish: introductions")).to_be_visible()
    page.screenshot(path=screenshots / f"introductions-confirm-{width}.png", full_page=True)
    send(page)
    expect(ana.locator(".status").first).to_have_text("sent")
    expect(page.get_by_role("button", name="Send introductions")).to_have_count(0)
    assert fits(page)
    page.screenshot(path=screenshots / f"introductions-sent-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_double_opt_in_words_and_statuses(
    page, eight_signed_up, live_app, start_worker, screenshots, width
):
    with Session() as session:
        session.execute(update(Event).values(double_opt_in=True))
        session.commit()
    start_worker()
    open_page(page, width)
    expect(page.get_by_text("each side is asked first")).to_be_visible()
    expect(page.get_by_text("one text with the other's first name")).to_have_count(0)
    send(page)
    expect(page.locator(".status", has_text="offered, no answer yet")).to_have_count(16)
    Phone(live_app.test_client(), number(0)).text("YES 1")  # Ana
    Phone(live_app.test_client(), number(1)).text("NO 1")  # Raj
    page.reload()
    expect(page.locator(".status", has_text="accepted by Ana").first).to_be_visible()
    expect(page.locator(".status", has_text="declined by Raj").first).to_be_visible()
    assert fits(page)
    page.screenshot(path=screenshots / f"introductions-offers-{width}.png", full_page=True)
