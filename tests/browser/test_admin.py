"""The host's pages in a real browser, on a phone-sized screen."""

import re

import pytest

from tests.browser.conftest import EMAIL, PASSWORD, PLAYWRIGHT_MISSING

expect = pytest.importorskip("playwright.sync_api", reason=PLAYWRIGHT_MISSING).expect


def sign_in(page, email=EMAIL, password=PASSWORD):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def create_event(page, name="Folk Night", code="folk"):
    """Fill in the new-event form: tables of 5, three rounds, and an age range to mix."""
    page.goto("/admin/")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Code people text to join").fill(code)
    page.get_by_label("Table size").fill("5")
    page.get_by_label("Rounds").fill("3")
    question = page.get_by_role("group", name="Question 2")
    question.get_by_label("Question", exact=True).fill("Age range?")
    question.get_by_label("Choices").fill("Under 25\n25-39\n40-59\n60+")
    question.get_by_label("Use the answers to").select_option("spread")
    page.get_by_role("button", name="Create event").click()
    expect(
        page.get_by_text(f"{name} created: people text {code.upper()} to sign up")
    ).to_be_visible()


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


def test_a_host_creates_an_event(page, host):
    page.goto("/admin/events/new")
    sign_in(page)
    expect(page.get_by_role("heading", name="New event")).to_be_visible()
    create_event(page)
    event = page.get_by_role("listitem").filter(has_text="Folk Night")
    expect(event).to_contain_text("Code FOLK")
    expect(event).to_contain_text("open")
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Code people text to join")).to_have_value("FOLK")
    questions = page.get_by_label("Question", exact=True)
    expect(questions.nth(0)).to_have_value(re.compile("Where do you work or study"))
    expect(questions.nth(1)).to_have_value("Age range?")


def test_the_owner_invites_a_co_host_and_a_stranger_sees_nothing(page, host, live_app, screenshots):
    runner = live_app.test_cli_runner()
    for email in ("helper@example.org", "stranger@example.org"):
        added = runner.invoke(
            args=["host", "add", email, "--password-stdin"], input=f"{PASSWORD}\n"
        )
        assert added.exit_code == 0, added.output
    page.goto("/admin/")
    sign_in(page)
    create_event(page)
    page.get_by_role("listitem").filter(has_text="Folk Night").get_by_role(
        "link", name="Hosts"
    ).click()
    expect(page.get_by_role("heading", name="Who runs Folk Night")).to_be_visible()
    page.get_by_label("Email").fill("Helper@Example.org")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("helper@example.org can now run Folk Night")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="(co-host)")).to_contain_text(
        "helper@example.org"
    )
    page.screenshot(path=screenshots / "hosts.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, email="helper@example.org")
    page.get_by_role("link", name="Folk Night").first.click()
    expect(page.get_by_role("heading", name="Folk Night")).to_be_visible()
    page.goto("/admin/events/FOLK/hosts")
    expect(page.get_by_text("The owner invites and removes co-hosts.")).to_be_visible()
    expect(page.get_by_role("button", name="Invite")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, email="stranger@example.org")
    expect(page.get_by_text("Signed in as stranger@example.org")).to_be_visible()
    expect(page.get_by_text("Folk Night")).to_have_count(0)
    response = page.goto("/admin/events/FOLK/")
    assert response is not None and response.status == 404
