"""A responder works a case end to end in a real Chromium; the reporter answers from their page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report
from irs.demo import DEMO_PASSWORD
from reports.models import Outcome, Status

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def log_in(browser, live_server, username, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"desk-{name}.png"), full_page=True)


def test_a_responder_works_a_case_with_the_reporter(
    browser, live_server, wiki, reporter, responder, community_queue
):
    case = make_report(wiki, reporter, queue=community_queue, details="He said he'd find me")

    desk = log_in(browser, live_server, responder.username)
    desk.goto(f"{live_server.url}/desk/")
    desk.get_by_role("link", name="Reports", exact=True).click()
    expect(desk.locator(".filter-box")).to_have_attribute("open", "")  # wide screen
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("button", name="Claim this case").focus()
    with desk.expect_navigation():
        desk.keyboard.press("Enter")  # keyboard only
    expect(desk.locator("#case-assignee")).to_have_text(responder.username)

    desk.get_by_label("Note (only responders see it)").fill("Checked the history: 3 prior warnings")
    desk.get_by_role("button", name="Add note").click()
    expect(desk.locator(".messages")).to_contain_text("Note added.")
    desk.get_by_label("Message (the reporter sees it and gets an email)").fill(
        "Did this also happen on other pages?"
    )
    desk.get_by_label("Wait for the reporter's reply").check()
    desk.get_by_role("button", name="Send message").click()
    expect(desk.locator("#case-status")).to_have_text("Waiting for your reply")
    expect(desk.locator(".timeline")).to_contain_text("3 prior warnings")
    screenshot(desk, "case-waiting")

    # The reporter, on a phone-sized screen, answers from their report page.
    mine = log_in(browser, live_server, reporter.username, viewport={"width": 375, "height": 740})
    mine.goto(f"{live_server.url}/my-reports/{case.reference}")
    expect(mine.locator("#conversation")).to_contain_text(
        "Did this also happen on other pages?")
    assert "3 prior warnings" not in mine.content()
    mine.get_by_label("Write to the responders").fill("Yes, on my user talk page too.")
    mine.get_by_role("button", name="Send").click()
    expect(mine.locator("#conversation")).to_contain_text("Yes, on my user talk page too.")
    screenshot(mine, "reporter-replied")
    assert CaseEvent.objects.filter(report=case, kind=EventKind.REPLY).count() == 1

    desk.reload()
    expect(desk.locator(".timeline")).to_contain_text("Yes, on my user talk page too.")
    expect(desk.locator("#case-status")).to_have_text("In progress")
    desk.get_by_label("Status", exact=True).select_option(Status.RESOLVED.value)
    desk.get_by_role("button", name="Change status").click()
    expect(desk.locator("#case-status")).to_have_text("Resolved")
    desk.get_by_label("Outcome").select_option(Outcome.ACTION_TAKEN.value)
    desk.get_by_role("button", name="Record outcome").click()
    expect(desk.locator(".messages")).to_contain_text("Outcome recorded.")
    screenshot(desk, "case-resolved")

    # At phone width nothing on the desk's pages needs sideways scrolling.
    desk.set_viewport_size({"width": 375, "height": 800})
    for path in (f"/desk/cases/{case.reference}", "/desk/queues/demowiki-responders/reports"):
        desk.goto(f"{live_server.url}{path}?status=all")
        assert desk.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), path
    screenshot(desk, "queue-mobile")

    case.refresh_from_db()
    assert (case.status, case.outcome, case.assignee) == (
        Status.RESOLVED, Outcome.ACTION_TAKEN, responder
    )
    kinds = list(CaseEvent.objects.filter(report=case).values_list("kind", flat=True))
    assert kinds == ["claimed", "note", "message", "status", "reply", "status", "status",
                     "outcome"]
