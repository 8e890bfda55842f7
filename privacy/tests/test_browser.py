"""A reporter downloads their data and asks for it to be erased, in a real Chromium."""

import json

import pytest
from playwright.sync_api import expect

from privacy.models import ErasureRequest
from privacy.tests.conftest import SECRET, make_report
from reports.models import Report, Status
from testing.browser import login

pytestmark = pytest.mark.browser


def test_a_reporter_downloads_their_data_and_asks_for_erasure(
    page, screenshot, live_server, wiki, reporter, other_reporter, community_queue
):
    mine = make_report(wiki, reporter, queue=community_queue, details=SECRET)
    make_report(wiki, other_reporter, queue=community_queue, details="NOT-THEIRS")
    login(page, live_server.url, reporter.username)
    page.goto(f"{live_server.url}/my-reports")
    with page.expect_download() as started:
        page.locator("#download-json").click()
    download = started.value
    assert download.suggested_filename == "irs-my-data.json"
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert [r["reference"] for r in data["reports"]] == [mine.reference]
    assert data["reports"][0]["additional_information"] == SECRET
    assert "NOT-THEIRS" not in json.dumps(data)
    with page.expect_download() as started:
        page.locator("#download-html").click()
    assert SECRET in open(started.value.path(), encoding="utf-8").read()

    page.locator("#erase-link").click()
    expect(page.locator("h1")).to_have_text("Erase your data")
    expect(page.locator("main, body").first).to_contain_text(mine.reference)
    screenshot(page, "erase-preview")
    page.get_by_role("button", name="Ask to erase my data").click()
    # The confirmation box is required: nothing was sent yet.
    assert not ErasureRequest.objects.exists()
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Ask to erase my data").click()
    expect(page.locator("#erasure-status")).to_be_visible()
    screenshot(page, "erase-received")
    assert ErasureRequest.objects.filter(person=reporter).count() == 1
    assert Report.objects.get(pk=mine.pk).status == Status.WITHDRAWN
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{live_server.url}/my-data/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
