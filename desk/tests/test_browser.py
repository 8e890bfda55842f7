"""A responder works a case end to end in a real Chromium; the reporter answers from their page."""

import os
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

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


def reporter_page_exists(reference) -> bool:
    try:
        resolve(f"/my-reports/{reference}")
    except Resolver404:
        return False
    return True


def test_a_responder_works_a_case_with_the_reporter(
    browser, live_server, wiki, reporter, responder, community_queue
):
    case = make_report(wiki, reporter, queue=community_queue, details="He said he'd find me")

    desk = log_in(browser, live_server, responder.username)
    desk.goto(f"{live_server.url}/desk/")
    desk.get_by_role("link", name="Reports", exact=True).click()
    desk.get_by_role("link", name=case.reference).click()
    desk.get_by_role("button", name="Claim this case").click()
    assert desk.locator("#case-assignee").inner_text() == responder.username

    desk.get_by_label("Note (only responders see it)").fill("Checked the history: 3 prior warnings")
    desk.get_by_role("button", name="Add note").click()
    desk.get_by_label("Message (the reporter sees it and gets an email)").fill(
        "Did this also happen on other pages?"
    )
    desk.get_by_label("Wait for the reporter's reply").check()
    desk.get_by_role("button", name="Send message").click()
    assert desk.locator("#case-status").inner_text() == "Waiting for your reply"
    screenshot(desk, "case-waiting")

    # The reporter, on a phone-sized screen, answers from their report page.
    mine = log_in(browser, live_server, reporter.username, viewport={"width": 375, "height": 740})
    if reporter_page_exists(case.reference):
        mine.goto(f"{live_server.url}/my-reports/{case.reference}")
        conversation = mine.locator("#conversation")
        assert "Did this also happen on other pages?" in conversation.inner_text()
        assert "3 prior warnings" not in mine.content()
        mine.get_by_label("Write to the responders").fill("Yes, on my user talk page too.")
        mine.get_by_role("button", name="Send").click()
        assert "Yes, on my user talk page too." in mine.locator("#conversation").inner_text()
        screenshot(mine, "reporter-replied")
    else:
        # Until the reporter's page lands, post the same form the page will carry.
        mine.goto(f"{live_server.url}/")
        token = next(c["value"] for c in mine.context.cookies() if c["name"] == "csrftoken")
        response = mine.request.post(
            f"{live_server.url}/desk/my-reports/{case.reference}/reply",
            form={"text": "Yes, on my user talk page too.", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{live_server.url}/"},
            max_redirects=0,
        )
        assert response.status == 302
    assert CaseEvent.objects.filter(report=case, kind=EventKind.REPLY).count() == 1

    desk.reload()
    assert "Yes, on my user talk page too." in desk.locator(".timeline").inner_text()
    assert desk.locator("#case-status").inner_text() == "In progress"
    desk.get_by_label("Status", exact=True).select_option(Status.RESOLVED.value)
    desk.get_by_role("button", name="Change status").click()
    desk.get_by_label("Outcome").select_option(Outcome.ACTION_TAKEN.value)
    desk.get_by_role("button", name="Record outcome").click()
    assert desk.locator("#case-status").inner_text() == "Resolved"
    screenshot(desk, "case-resolved")

    case.refresh_from_db()
    assert (case.status, case.outcome, case.assignee) == (
        Status.RESOLVED, Outcome.ACTION_TAKEN, responder
    )
    kinds = list(CaseEvent.objects.filter(report=case).values_list("kind", flat=True))
    assert kinds == ["claimed", "note", "message", "status", "reply", "status", "status",
                     "outcome"]
