"""The demo's story in Chromium, as a newcomer tries it after `bin/demo`: the home page's
"Open the talk page on the demo wiki", the Reporter logged in to the demo's MediaWiki and to
IRS, the ⋮ menu beside the harasser's comment, the report filed in the dialog, and then what
the demo promises: the evidence captured from the real wiki and the report posted on its
noticeboard by IRS's bot (manage.py demo_wiki's seeding, irs/demo_wiki.py)."""

import os
import re

import pytest
from django.core.management import call_command

from embed.tests.wikipage import buttons, open_menu
from irs import demo, demo_wiki
from irs.mediawiki import MediaWiki
from irs.ports import free_port
from reports.models import Report
from routing.models import Delivery, DeliveryStatus
from testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]


@pytest.fixture
def demo_site(live_server, settings, tmp_path, monkeypatch, transactional_db):
    """The demo as bin/demo makes it: IRS live, its demo wiki on a seeded MediaWiki whose
    Common.js loads IRS's entry point from the live server."""
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the command exports the credential
    settings.VAR_DIR = tmp_path
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    settings.SITE_URL = live_server.url.replace("localhost", "127.0.0.1")
    port = free_port()
    call_command("demo_wiki", port=port, stdout=open(os.devnull, "w"))
    wiki = MediaWiki(root=tmp_path / "mediawiki", port=port)
    wiki.start()
    settings.IRS_DEMO_MEDIAWIKI_URL = wiki.url
    yield wiki
    wiki.stop()


def wiki_login(page, wiki: MediaWiki, name: str) -> None:
    page.goto(wiki.page_url("Special:UserLogin"))
    page.fill("#wpName1", name)
    page.fill("#wpPassword1", demo.DEMO_PASSWORD)
    page.click("#wpLoginAttempt")
    page.wait_for_load_state()
    assert page.evaluate("mw.config.get('wgUserName')") == name


def test_the_reporter_reports_the_harasser_from_the_demo_talk_page(
    demo_site, new_page, screenshot, settings
):
    page = new_page(1000, 900)
    # The same demo account and password on both sites (the home page says so).
    wiki_login(page, demo_site, "Reporter")
    login(page, settings.SITE_URL, "Reporter")

    page.goto(settings.SITE_URL + "/")
    page.get_by_role("link", name="Open the talk page on the demo wiki").click()
    page.wait_for_selector("#irs-report-tools a", state="attached")
    assert page.url == demo_site.page_url(demo_wiki.TALK_PAGE)
    screenshot(page, "talk-page")

    # The harasser opens the first thread: the ⋮ beside his comment, then Report.
    item = open_menu(page, buttons(page).nth(0))
    assert item.inner_text().strip() == "Report"
    item.click()
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    frame.wait_for_selector("h1")
    context = frame.locator(".context").inner_text()
    assert demo_wiki.TALK_PAGE in context and demo_wiki.HARASSER in context
    frame.get_by_label("Unacceptable user behavior").check()
    frame.get_by_role("button", name="Continue").click()
    frame.get_by_role("heading", name="What kind of behavior?").wait_for()
    frame.get_by_role("radio", name=re.compile(r"^Trolling")).check()
    frame.get_by_role("button", name="Continue").click()
    frame.get_by_label("What happened?", exact=True).fill(
        "He keeps telling me to stay away from the article, or else."
    )
    # Trolling is posted on the demo wiki's noticeboard: the reporter agrees to it first.
    frame.get_by_label("I understand that what I write will be posted publicly").check()
    screenshot(page, "dialog")
    frame.get_by_role("button", name="Submit report").click()
    frame.get_by_role("heading", name="Your report was sent").wait_for()

    report = Report.objects.get(filed=True)
    assert report.reporter_username == "Reporter"
    assert report.page_title == demo_wiki.TALK_PAGE
    assert report.reported_user == demo_wiki.HARASSER
    assert report.incident_type == "trolling"

    # What bin/demo's worker does next.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    assert report.evidence["status"] == "captured", report.evidence
    assert report.evidence["author"] == demo_wiki.HARASSER
    assert "Nobody asked you." in report.evidence["text"]
    delivery = Delivery.objects.get(report=report, kind="noticeboard")
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    board = demo_site.rendered_html(demo.DEMO_NOTICEBOARD)
    assert f"Report {report.reference}" in board
    assert demo_wiki.HARASSER in board

    # The noticeboard on the wiki shows it, as the reporter would go and look.
    page.goto(demo_site.page_url(demo.DEMO_NOTICEBOARD))
    assert page.get_by_text(f"Report {report.reference}").first.is_visible()
    screenshot(page, "noticeboard")
