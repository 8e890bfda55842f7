"""A responder works a case end to end in a real Chromium; the reporter answers from their page."""

import pytest
from playwright.sync_api import expect

from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report
from reports.models import Outcome, Status  # noqa: F401
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
    decide(desk, "Warning", "They followed the reporter to three pages.", "We warned the user.")
    expect(desk.locator(".messages")).to_contain_text("Decision recorded.")
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
    assert kinds == [
        "claimed",
        "note",
        "message",
        "status",
        "reply",
        "status",
        "status",
        "decision",
    ]


def decide(desk, action, facts, for_reporter, *, appeal_result=None, well_founded="Founded"):
    """Fill the decision form of the open case page, by its labels, and submit it."""
    form = desk.locator("#decide")
    if appeal_result:
        form.get_by_label(appeal_result, exact=True).check()
    form.get_by_label(action, exact=True).check()
    form.get_by_label("Ground: the policy the behaviour broke").select_option("ucoc-3.1")
    form.get_by_label("Facts (a few sentences; the reported user reads them if notified)").fill(
        facts
    )
    form.get_by_label("What the reporter reads (in their language; not internal notes)").fill(
        for_reporter
    )
    form.get_by_label(well_founded, exact=True).check()
    form.get_by_role("button").click()


def test_decide_read_appeal_decide_again_read(
    browser, page, screenshot, live_server, wiki, reporter, responder, community_team
):
    from desk.models import Appeal, Decision, TeamMembership
    from irs import demo

    second = demo.make_user(wiki, "Secondresponder")
    TeamMembership.objects.create(team=community_team, user=second)
    case = make_report(wiki, reporter, queue=community_team.queues.get())

    desk = page
    login(desk, live_server.url, responder.username)
    desk.goto(f"{live_server.url}/desk/cases/{case.reference}")
    decide(desk, "Warning", "INTERNAL-FACTS: two insults.", "We warned the user. Thank you.")
    expect(desk.locator(".messages")).to_contain_text("Decision recorded.")
    screenshot(desk, "decision-recorded")

    phone = browser.new_context(viewport={"width": 320, "height": 740})
    mine = phone.new_page()
    login(mine, live_server.url, reporter.username)
    mine.goto(f"{live_server.url}/my-reports/{case.reference}")
    expect(mine.locator("#decision")).to_contain_text("We warned the user. Thank you.")
    expect(mine.locator("#decision")).to_contain_text("The user was warned.")
    assert "INTERNAL-FACTS" not in mine.content()
    assert mine.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    mine.get_by_label("Contest the decision: why you disagree").fill("A warning is not enough.")
    mine.get_by_role("button", name="Contest the decision").click()
    expect(mine.locator("#appeal-status")).to_contain_text("Waiting for a decision")
    screenshot(mine, "appeal-sent")

    # The member who decided cannot decide the appeal; the page says so.
    desk.reload()
    expect(desk.locator("#decision")).to_contain_text("another member of the team must decide")
    assert desk.locator("#decide").count() == 0

    other = browser.new_page()
    login(other, live_server.url, second.username)
    other.goto(f"{live_server.url}/desk/teams/{community_team.slug}/appeals")
    other.get_by_role("link", name=case.reference).click()
    expect(other.locator("#appeal-text")).to_contain_text("A warning is not enough.")
    decide(
        other,
        "Partial block",
        "Third insult found in the history.",
        "After your appeal the user was also blocked from the page.",
        appeal_result="Changed",
    )
    expect(other.locator(".messages")).to_contain_text("Decision recorded.")
    screenshot(other, "appeal-decided")

    mine.reload()
    expect(mine.locator("#decision")).to_contain_text("After your appeal the user was also blocked")
    expect(mine.locator("#decision")).to_contain_text("Changed")
    expect(mine.locator("#decision")).to_contain_text(
        "The user was blocked from some pages or actions."
    )
    phone.close()
    latest = Decision.objects.filter(report=case).order_by("-id").first()
    assert latest.decided_by == second and latest.appeal_result == "changed"
    assert Appeal.objects.get().status == "decided"
