"""Keyboard shortcuts on the queue and case pages (desk/static/desk/shortcuts.js), in Chromium:
j/k move between cases, c claims, n and m focus the note and the message, "?" lists them in
a dialog; none of them fires while typing in a field."""

import pytest
from playwright.sync_api import expect

from desk.tests.conftest import make_report
from reports.models import Report
from testing.browser import login

pytestmark = pytest.mark.browser


def test_a_responder_works_the_queue_by_keyboard(
    page, screenshot, live_server, wiki, reporter, responder, community_queue
):
    first, second, third = (make_report(wiki, reporter, queue=community_queue) for _ in range(3))
    login(page, live_server.url, responder.username)
    page.goto(f"{live_server.url}/desk/queues/{community_queue.team.slug}/{community_queue.slug}")

    links = {c.reference: page.get_by_role("link", name=c.reference, exact=True)
             for c in (first, second, third)}  # fmt: skip
    page.keyboard.press("j")
    expect(links[first.reference]).to_be_focused()
    page.keyboard.press("j")
    expect(links[second.reference]).to_be_focused()
    page.keyboard.press("k")
    expect(links[first.reference]).to_be_focused()

    # Typing in the search field is typing, not shortcuts.
    page.get_by_label("Search", exact=True).focus()
    page.keyboard.type("jjc")
    expect(page.get_by_label("Search", exact=True)).to_have_value("jjc")
    assert Report.objects.get(pk=first.pk).assignee is None

    # "?" lists the shortcuts in a modal dialog; Escape closes it.
    page.locator("h1").click()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Write a message to the reporter")
    screenshot(page, "shortcuts-dialog")
    page.keyboard.press("j")  # the dialog is open: no shortcut fires behind it
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Focus goes back to the opener on the dialog's close event, which comes a task later.
    expect(page.get_by_role("button", name="Keyboard shortcuts")).to_be_focused()

    # c claims the case moved to; the case page opens.
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(links[second.reference]).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("c")
    expect(page.locator("#case-assignee")).to_have_text(responder.username)
    assert Report.objects.get(pk=second.pk).assignee == responder

    # On the case page: n and m focus the note and the message; typing there is typing.
    page.keyboard.press("n")
    expect(page.locator("#a-note")).to_be_focused()
    page.keyboard.type("kmj")
    expect(page.locator("#a-note")).to_have_value("kmj")
    page.locator("h1").click()
    page.keyboard.press("m")
    expect(page.locator("#a-message")).to_be_focused()

    # j / k follow the queue the case was opened from.
    page.locator("h1").click()
    with page.expect_navigation():
        page.keyboard.press("j")
    expect(page.locator("h1")).to_contain_text(third.reference)
    with page.expect_navigation():
        page.keyboard.press("k")
    expect(page.locator("h1")).to_contain_text(second.reference)

    # c on an unclaimed case page claims it.
    page.goto(f"{live_server.url}/desk/cases/{first.reference}")
    with page.expect_navigation():
        page.keyboard.press("c")
    expect(page.locator("#case-assignee")).to_have_text(responder.username)
