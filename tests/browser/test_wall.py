"""The wall view on the room's screen and the door poster, in a real browser: at 1920 x 1080
(a projector or TV) and 390 px wide; their QR codes read back by zbar as a camera would."""

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from models import Event, Session
from tests.browser.conftest import PHONE, PLAYWRIGHT_MISSING
from tests.browser.test_admin import sign_in
from tests.helpers import NAMES, sign_up, start_round

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect
SCREEN = {"width": 1920, "height": 1080}
JOIN_LINK = "sms:+15550100199?body=FOLK"
ZBARIMG = shutil.which("zbarimg")


def decoded(element, path):
    """The QR code in `element`, from a screenshot of it, read by zbar."""
    if ZBARIMG is None:
        pytest.skip("decoding QR codes needs zbarimg (apt-get install zbar-tools)")
    element.screenshot(path=path)
    result = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def fits(page, size):
    """Does the page fit its window, with nothing to scroll to?"""
    width, height = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    return width <= size["width"] and height <= size["height"]


def pixels(locator, prop="font-size"):
    return float(locator.evaluate(f"e => getComputedStyle(e)['{prop}']").removesuffix("px"))


def make_wall_link(page, screenshots):
    page.goto("/admin/events/FOLK/wall")
    sign_in(page)
    page.get_by_role("button", name="Make the wall link").click()
    expect(page.get_by_text("The wall link is ready.")).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("Copied|Selected"))
    page.screenshot(path=screenshots / "wall-link-phone.png", full_page=True)
    return page.get_by_label("The wall's link").input_value()


def test_the_wall_shows_how_to_sign_up_then_the_round(
    page, host, folk, live_app, start_worker, screenshots
):
    url = make_wall_link(page, screenshots)
    page.set_viewport_size(SCREEN)
    page.goto(url)
    expect(page.locator(".code")).to_have_text("FOLK")
    expect(page.get_by_text("+1 555-010-0199")).to_be_visible()
    assert pixels(page.locator(".code")) >= 200  # about 15 cm tall on a 3 m wide image
    page.screenshot(path=screenshots / "wall-sign-up.png")
    assert fits(page, SCREEN)
    assert decoded(page.locator(".qr svg"), screenshots / "wall-qr.png") == JOIN_LINK
    page.set_viewport_size(PHONE)
    assert fits(page, {"width": PHONE["width"], "height": 10_000})  # no sideways scrolling
    page.screenshot(path=screenshots / "wall-sign-up-phone.png", full_page=True)

    sign_up(live_app.test_client(), 8, names=NAMES)
    with Session() as session:
        event = session.scalars(select(Event)).one()
        event.tables = [{"label": "Window", "capacity": 4}, {"label": "Bar", "capacity": 4}]
        event.round_minutes = 12
        session.commit()
    start_worker()
    start_round(live_app)
    page.set_viewport_size(SCREEN)
    window = page.get_by_role("region", name="Table Window")
    expect(window).to_be_visible(timeout=15_000)  # the wall refreshes itself every 5 s
    expect(window.get_by_role("listitem")).to_have_count(4)
    expect(page.get_by_role("region", name="Table Bar").get_by_role("listitem")).to_have_count(4)
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^1[12] min left$"))
    expect(page.get_by_text("Forgot your table? Text TABLE to +1 555-010-0199")).to_be_visible()
    assert pixels(window.get_by_role("listitem").first) >= 60
    page.screenshot(path=screenshots / "wall-round.png")
    assert fits(page, SCREEN)
    page.set_viewport_size(PHONE)
    assert fits(page, {"width": PHONE["width"], "height": 10_000})
    page.screenshot(path=screenshots / "wall-round-phone.png", full_page=True)


def test_the_wall_keeps_its_screen_through_a_flaky_network_until_revoked(
    page, host, folk, screenshots
):
    url = make_wall_link(page, screenshots)
    page.goto(url)
    expect(page.locator(".code")).to_have_text("FOLK")
    failures = []

    def flaky(route):
        failures.append(route.request.url)
        route.abort() if len(failures) == 1 else route.fulfill(status=502, body="Bad Gateway")

    page.route("**/screen", flaky)
    page.wait_for_timeout(11_000)  # two refreshes: one lost, one a proxy's error
    assert len(failures) >= 2
    expect(page.locator(".code")).to_have_text("FOLK")  # the last screen stays
    page.unroute("**/screen")

    admin = page.context.new_page()
    admin.goto("/admin/events/FOLK/wall")
    admin.get_by_role("button", name="Revoke the link").click()
    expect(admin.get_by_text("The wall link is revoked")).to_be_visible()
    admin.close()
    expect(page.get_by_role("heading", name="Not Found")).to_be_visible(timeout=10_000)
    assert page.goto(url).status == 404


def test_the_door_poster_prints_on_one_page(page, host, folk, screenshots):
    page.goto("/admin/events/FOLK/poster")
    sign_in(page)
    expect(page.locator(".poster .code")).to_have_text("FOLK")
    expect(page.get_by_text("+1 555-010-0199")).to_be_visible()
    assert fits(page, {"width": PHONE["width"], "height": 10_000})
    page.screenshot(path=screenshots / "door-poster-phone.png", full_page=True)
    page.set_viewport_size(SCREEN)
    page.screenshot(path=screenshots / "door-poster.png", full_page=True)
    assert decoded(page.locator(".poster .qr svg"), screenshots / "poster-qr.png") == JOIN_LINK
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, path=screenshots / f"door-poster-{paper}.pdf")
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, paper
