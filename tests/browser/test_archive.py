"""Archiving and deleting events in a real browser, at desktop width and on a phone."""

import pytest

from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.test_admin import create_event, sign_in

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": PHONE}


def fits(page):
    """Nothing sticks out sideways: no horizontal scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def shot(page, screenshots, name, size):
    fits(page)
    page.screenshot(path=screenshots / f"{name}-{size}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_a_host_archives_unarchives_and_deletes_an_event(page, host, screenshots, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/admin/login")
    sign_in(page)
    create_event(page, "Jazz Night", "jazz")
    create_event(page)
    events = page.locator(".events > li")
    folk = events.filter(has_text="Folk Night")
    folk.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("Folk Night archived: find it under Archived")).to_be_visible()
    expect(events).to_have_count(1)
    shot(page, screenshots, "events-after-archive", size)

    page.get_by_role("link", name="Archived (1)").click()
    expect(page.get_by_role("heading", name="Archived events")).to_be_visible()
    expect(folk).to_contain_text("archived 20")
    shot(page, screenshots, "events-archived", size)
    folk.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete Folk Night (FOLK)?")).to_be_visible()
    expect(page.get_by_text("the personal data of 0 people")).to_be_visible()
    confirm = page.get_by_label("Type the event's code, FOLK, to confirm")
    confirm.fill("JAZZ")
    page.get_by_role("button", name="Delete FOLK and erase its personal data").click()
    expect(page.get_by_role("alert")).to_have_text("Type FOLK to delete this event.")
    shot(page, screenshots, "event-delete", size)
    confirm.fill("folk")
    page.get_by_role("button", name="Delete FOLK and erase its personal data").click()
    expect(page.get_by_text("Folk Night deleted: the personal data of 0 people")).to_be_visible()
    expect(events).to_have_count(1)

    page.get_by_role("link", name="Archived (1)").click()
    expect(folk).to_contain_text("Personal data erased")
    folk.get_by_role("button", name="Unarchive").click()
    expect(page.get_by_text("Folk Night is back in the list.")).to_be_visible()
    expect(events).to_have_count(2)
    expect(page.get_by_role("link", name="Archived (")).to_have_count(0)

    page.get_by_role("link", name="Edit").first.click()
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("archived: find it under Archived")).to_be_visible()
    page.get_by_role("link", name="Archived (1)").click()
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_text("Archived 20")).to_be_visible()
    expect(page.get_by_role("button", name="Unarchive")).to_be_visible()
    shot(page, screenshots, "event-edit-archived", size)
