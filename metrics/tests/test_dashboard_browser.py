"""The team metrics page in real Chromium: every plot drawn, each with its table."""

import pytest
from playwright.sync_api import expect

from testing.browser import login

from .seed import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_team_metrics_page_draws_its_plots_above_their_tables(
    page, new_page, live_server, screenshot
):
    seed()
    login(page, live_server.url, "Lead")
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("link", name="Metrics").first.click()
    page.get_by_label("From", exact=True).fill("2026-03-02")
    page.get_by_label("To", exact=True).fill("2026-03-15")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("heading", name="Metrics: Demo Wiki responders", level=1)
    ).to_be_visible()
    sections = page.locator("section.metrics-section")
    assert sections.count() == 9
    for i in range(sections.count()):
        section = sections.nth(i)
        chart = section.get_by_role("img")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
        assert section.locator("svg rect, svg polyline, svg circle").count() > 0, i
        expect(section.locator("table caption")).to_contain_text(": the numbers")
        table_box = section.locator("table").bounding_box()
        assert table_box["y"] > box["y"]
    reports = page.locator("#reports table tbody tr")
    assert reports.count() == 7
    expect(page.locator("#funnel")).to_contain_text("Most dialogs end before: Submitted a report.")
    assert page.locator("#chart-reports-t").text_content() == "Reports per day, by flow and type"
    screenshot(page, "team-metrics")

    with page.expect_download() as download:
        page.locator("#backlog").get_by_role("link", name="as CSV").click()
    assert download.value.suggested_filename == "irs-backlog-2026-03-02-2026-03-15.csv"

    phone = new_page(width=320, height=740)
    login(phone, live_server.url, "Lead")
    phone.goto(
        f"{live_server.url}/metrics/teams/demowiki-responders?start=2026-03-02&end=2026-03-15"
    )
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot(phone, "team-metrics-320")
