"""The flow pages' script in real Chromium: the Back button and support-link clicks."""

import time

import pytest
from playwright.sync_api import expect

from irs import demo
from metrics.models import FunnelEvent
from testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(name, **fields):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = FunnelEvent.objects.filter(name=name, **fields).first()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no {name} event {fields}")


def test_the_back_button_and_a_support_link_are_counted(page, live_server):
    wiki = demo.ensure_wiki()
    demo.make_user(wiki, "Reporter")
    # The demo wiki's address is not on this machine: a STAND-IN page answers for it.
    page.route(
        "https://demowiki.example.org/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>w</title>"),
    )
    login(page, live_server.url, "Reporter")
    page.goto(f"{live_server.url}/w/demowiki/report?source=tools")
    page.get_by_label("Unacceptable user behavior").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Intimidation or aggressive behavior").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="What to do next")).to_be_visible()
    token = FunnelEvent.objects.get(name="open").token

    page.go_back()
    expect(page.get_by_role("heading", name="What kind of behavior?")).to_be_visible()
    back = wait_for("back", token=token)
    assert back.step == "type"

    page.go_forward()
    link = page.locator("a[data-funnel-link]").first
    kind = link.get_attribute("data-funnel-link")
    link.click()
    clicked = wait_for("support-link", token=token)
    assert clicked.link == kind
    assert FunnelEvent.objects.filter(token=token, name="open", entry_point="tools").count() == 1
