"""A whole event night in a real browser: the host's pages and the phone simulator."""

import re
import time

import pytest

from tests.browser.conftest import PLAYWRIGHT_MISSING
from tests.browser.test_admin import create_event, sign_in

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
ANA = "+15550100001"


def simulator_phone(page, number):
    """One virtual phone on the simulator page: its thread and its text box."""
    box = page.get_by_role("textbox", name=f"Text from {number}")
    return page.locator(".phone").filter(has=box)


def text(page, number, body, reply):
    """Text body from a simulator phone and wait for the reply to show up in its thread."""
    phone = simulator_phone(page, number)
    phone.get_by_role("textbox").fill(body)
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".bubble").last).to_contain_text(reply)


def count(number, what):
    """The text of one of the dashboard's count boxes."""
    return re.compile(rf"^\s*{number}\s*{what}")


def test_a_host_runs_a_round_from_a_phone(page, rehearsal, host, screenshots):
    page.goto("/admin/login")
    sign_in(page)
    create_event(page)

    page.get_by_role("link", name="Simulator").click()
    text(page, ANA, "folk", "Welcome to Folk Night")
    text(page, ANA, "Ana", "Nice to meet you, Ana")
    text(page, ANA, "SKIP", "like to learn")
    text(page, ANA, "sourdough bread", "could teach")
    text(page, ANA, "guitar", "Where do you work")
    text(page, ANA, "Acme Bakery", "Age range?")
    text(page, ANA, "2", "YES or NO")
    text(page, ANA, "yes", "You're in, Ana")
    page.get_by_role("button", name="Add 30 attendees").click()
    expect(page.get_by_text("30 simulated attendees signed up for FOLK")).to_be_visible()

    page.goto("/admin/")
    page.get_by_role("link", name="Dashboard").click()
    live = page.locator("#live")
    expect(live.locator(".count", has_text="signed up")).to_have_text(count(31, "signed up"))
    page.get_by_role("link", name="Start round 1").click()
    expect(page.get_by_role("heading", name="Round 1 of 3: the plan")).to_be_visible()
    expect(page.get_by_text("31 people present, at 7 tables")).to_be_visible()
    page.screenshot(path=screenshots / "round-preview.png", full_page=True)
    page.get_by_role("button", name="Send round 1").click()

    expect(page.get_by_text("Round 1 started")).to_be_visible()
    delivery = page.get_by_label("delivery")
    delivered = delivery.locator(".count", has_text="delivered")
    expect(delivered).to_have_text(count(31, "delivered"), timeout=20_000)  # refreshed by htmx
    expect(delivery.locator(".count", has_text="failed")).to_have_text(count(0, "failed"))
    page.screenshot(path=screenshots / "dashboard.png")
    page.screenshot(path=screenshots / "dashboard-full.png", full_page=True)
    ana = live.locator("#roster tbody tr").filter(
        has=page.locator("summary strong").get_by_text("Ana", exact=True)
    )
    expect(ana.get_by_role("cell").nth(1)).to_have_text("\u20260001")  # last four digits only
    table = ana.get_by_role("cell").nth(3).inner_text()

    page.get_by_role("link", name="Table cards to print").click()
    expect(page.locator(".card")).to_have_count(7)
    card = page.locator(".card").filter(has_text=re.compile(rf"TABLE {table}\b"))
    expect(card).to_contain_text("Ana")
    page.screenshot(path=screenshots / "table-cards.png", full_page=True)

    page.get_by_role("link", name="Simulator").click()
    round_text = re.compile(rf"^Round 1 of 3: (go to )?TABLE {table}\b")
    expect(simulator_phone(page, ANA).get_by_text(round_text)).to_be_visible()


def test_a_text_typed_while_the_last_reply_comes_is_kept(page, rehearsal, screenshots):
    def slowly(route):  # the reply takes a second, as on a busy night
        time.sleep(1.0)
        route.continue_()

    page.goto("/simulator")
    phone = simulator_phone(page, ANA)
    box = phone.get_by_role("textbox")
    page.route("**/simulator", slowly)
    box.fill("hi")
    phone.get_by_role("button", name="Send").click()
    box.fill("is anyone there")  # typed before the reply arrives
    expect(phone.locator(".bubble.in").last).to_have_text("hi")
    expect(phone.locator(".bubble").last).not_to_have_text("hi")  # the reply is in
    expect(box).to_have_value("is anyone there")
    page.unroute("**/simulator")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator(".bubble.in").last).to_have_text("is anyone there")
    expect(box).to_have_value("")  # sent, and nothing typed since: the box clears
    page.screenshot(path=screenshots / "simulator-typing-ahead.png", full_page=True)
