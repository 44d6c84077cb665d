"""The host's pages in a real browser, on a phone-sized screen."""

import re

import pytest

from tests.browser.conftest import EMAIL, PASSWORD, PLAYWRIGHT_MISSING

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


def sign_in(page, email=EMAIL, password=PASSWORD) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_page_without_sign_in_goes_to_the_sign_in_page(page, live_app):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=(/|%2F)admin(/|%2F)$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_host_signs_in_and_out(page, host):
    page.goto("/admin/")
    sign_in(page, password="not the password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    sign_in(page)
    expect(page.get_by_text(f"Signed in as {host}")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login"))
