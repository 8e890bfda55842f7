"""The Codex look in Chromium: the reporter flow, the desk queue and the case page in light and
dark mode at 1000 px and 320 px (screenshots in test-artifacts/), each checked with axe-core;
and the case page printed: the report, timeline and deliveries in full, no controls."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from desk.cases import add_note
from desk.tests.conftest import make_report
from routing.models import Delivery
from testing.browser import accessibility_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Codex's background-color-base in each mode (theme-wikimedia-ui.css, -mode-dark.css).
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(16, 20, 24)"}


@pytest.fixture
def worked_case(wiki, reporter, responder, community_queue):
    case = make_report(
        wiki,
        reporter,
        queue=community_queue,
        details="He wrote that he would find me.\nSecond line of the report.",
    )
    add_note(case, responder, "Checked the history: three earlier warnings.")
    Delivery.objects.create(
        report=case,
        kind="email",
        status="sent",
        attempts=1,
        destination={"kind": "email", "to": ["team@example.org"]},
        external_ref="<msg-1@irs>",
        sent_at=timezone.now(),
    )
    return case


def _wider_than(tab, width: int) -> list[str]:
    """The elements that stick out of the screen, to say what makes a page scroll sideways."""
    return tab.evaluate(
        """(width) => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' +
          Math.round(e.getBoundingClientRect().width))""",
        width,
    )


def _walk_on_to_the_support_page(tab, screenshot, label: str, width: int) -> None:
    """The reporter flow's next steps: the kind of behaviour, then its support page."""
    tab.get_by_role("button", name="Continue").click()
    expect(tab.get_by_role("heading", name="What kind of behavior?")).to_be_visible()
    tab.get_by_role("button", name="Continue").click()  # nothing chosen: a Codex error message
    expect(tab.locator(".error-summary")).to_be_visible()
    assert accessibility_violations(tab) == []
    screenshot(tab, f"reporter-flow-type-error-{label}")
    tab.get_by_label("Intimidation or aggressive behavior").check()
    tab.get_by_role("button", name="Continue").click()
    expect(tab.get_by_role("heading", name="What to do next")).to_be_visible()
    assert accessibility_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= width, _wider_than(tab, width)
    screenshot(tab, f"reporter-flow-support-{label}")


def _background(tab) -> str:
    return tab.evaluate("getComputedStyle(document.documentElement).backgroundColor")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_key_pages_look_like_codex_in_light_and_dark_mode(
    new_page, screenshot, live_server, scheme, worked_case, responder, community_queue, wiki_admin
):
    pages = {
        "reporter-flow": (
            "Reporter",
            "/w/demowiki/report?page=Talk:Main_Page&source=tools",
        ),
        "desk-queue": (
            responder.username,
            reverse("desk:queue", args=[community_queue.team.slug, community_queue.slug]),
        ),
        "case-page": (responder.username, reverse("desk:case", args=[worked_case.reference])),
        # Tabs (the configuration's views) and charts (their labels follow the scheme).
        "configuration": (
            wiki_admin.username,
            reverse("wikis:config", args=[worked_case.wiki.slug]),
        ),
        "metrics": (wiki_admin.username, reverse("metrics:wiki", args=[worked_case.wiki.slug])),
    }
    for width in (1000, 320):
        tabs = {}
        for name, (username, path) in pages.items():
            if username not in tabs:
                tabs[username] = new_page(width=width, color_scheme=scheme)
                login(tabs[username], live_server.url, username)
            tab = tabs[username]
            tab.goto(f"{live_server.url}{path}")
            assert _background(tab) == BACKGROUND[scheme], name
            if name == "reporter-flow":
                tab.get_by_label("Unacceptable user behavior").check()
                card = tab.locator(".choice", has=tab.locator("#id_flow_non_emergency"))
                # The chosen radio card takes Codex's progressive-subtle ground.
                assert (
                    card.evaluate("e => getComputedStyle(e).backgroundColor") != BACKGROUND[scheme]
                )
            if name == "configuration":
                current = tab.locator(".tabs [aria-current=page]")
                expect(current).to_have_text("Configuration")
                # Codex Tabs: the current one underlined in the progressive colour.
                assert "inset" in current.evaluate("e => getComputedStyle(e).boxShadow")
            assert accessibility_violations(tab) == [], name
            # Nothing wider than the screen: no sideways scrolling at 320 px.
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (
                name,
                _wider_than(tab, width),
            )
            screenshot(tab, f"{name}-{scheme}-{width}")
            if name == "reporter-flow":
                _walk_on_to_the_support_page(tab, screenshot, f"{scheme}-{width}", width)


def test_arabic_pages_mirror_in_dark_mode(
    new_page, screenshot, live_server, worked_case, responder
):
    tab = new_page(width=320, color_scheme="dark")
    login(tab, live_server.url, responder.username)
    tab.goto(f"{live_server.url}{reverse('desk:case', args=[worked_case.reference])}?uselang=ar")
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    # The timeline's border sits at the start of the line: the right edge in RTL.
    item = tab.locator(".timeline li").first
    assert item.evaluate("e => getComputedStyle(e).borderRightWidth") == "3px"
    assert item.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    assert accessibility_violations(tab) == []
    screenshot(tab, "case-page-ar-dark-320")


def test_a_printed_case_shows_the_whole_case_and_no_controls(
    page, screenshot, live_server, worked_case, responder
):
    login(page, live_server.url, responder.username)
    page.goto(f"{live_server.url}{reverse('desk:case', args=[worked_case.reference])}")
    # On screen, the controls are there.
    expect(page.get_by_role("button", name="Claim this case")).to_be_visible()

    page.emulate_media(media="print", color_scheme="dark")
    # Printed on white with the light tokens even when the screen is dark.
    assert _background(page) == BACKGROUND["light"]
    for hidden in [
        ".site-header",
        ".desk-nav",
        "form#claim",
        "form#note",
        "form#message",
        "form#status",
        "#h-note",
        "#h-message",
        "button",
    ]:
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    for shown in ["#h-report", "#h-timeline", "#h-deliveries", ".timeline", ".context"]:
        expect(page.locator(shown).first).to_be_visible()
    expect(page.locator(".user-text").first).to_contain_text("Second line of the report.")
    expect(page.locator(".timeline")).to_contain_text("three earlier warnings")
    expect(page.locator("section[aria-labelledby=h-deliveries] table")).to_contain_text(
        "team@example.org"
    )
    # One column, the whole width of the page.
    grid = page.locator(".case-grid")
    assert grid.evaluate("e => getComputedStyle(e).display") == "block"
    # Links to other sites are followed by their address.
    permalink = page.locator("#permalink")
    href = permalink.get_attribute("href")
    assert href.startswith("http")
    assert href in permalink.evaluate("e => getComputedStyle(e, '::after').content")
    # Headings stay with what follows them.
    assert page.locator("#h-timeline").evaluate("e => getComputedStyle(e).breakAfter") == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    screenshot(page, "case-printed")
