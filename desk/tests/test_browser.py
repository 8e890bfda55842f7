"""A responder works a case end to end in a real Chromium; the reporter answers from their page."""

import pytest
from playwright.sync_api import expect

from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report
from reports.models import Outcome, Status
from testing.browser import login

pytestmark = pytest.mark.browser


def test_a_responder_works_a_case_with_the_reporter(
    browser, page, screenshot, live_server, wiki, reporter, responder, community_queue
):
    case = make_report(wiki, reporter, queue=community_queue, details="He said he'd find me")

    desk = page
    login(desk, live_server.url, responder.username)
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
    expect(desk.locator("#case-status")).to_have_text("Waiting for the reporter")
    expect(desk.locator(".timeline")).to_contain_text("3 prior warnings")
    screenshot(desk, "case-waiting")

    # The reporter, on a phone-sized screen, answers from their report page.
    phone = browser.new_context(viewport={"width": 375, "height": 740})
    mine = phone.new_page()
    login(mine, live_server.url, reporter.username)
    mine.goto(f"{live_server.url}/my-reports/{case.reference}")
    expect(mine.locator("#conversation")).to_contain_text("Did this also happen on other pages?")
    assert "3 prior warnings" not in mine.content()
    mine.get_by_label("Write to the responders").fill("Yes, on my user talk page too.")
    mine.get_by_role("button", name="Send").click()
    expect(mine.locator("#conversation")).to_contain_text("Yes, on my user talk page too.")
    screenshot(mine, "reporter-replied")
    phone.close()
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
        Status.RESOLVED,
        Outcome.ACTION_TAKEN,
        responder,
    )
    kinds = list(CaseEvent.objects.filter(report=case).values_list("kind", flat=True))
    assert kinds == ["claimed", "note", "message", "status", "reply", "status", "status", "outcome"]
