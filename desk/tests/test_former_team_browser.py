"""In Chromium: the merge confirmation, the read-only case page of a team that escalated it,
its "escalated to other teams" page and the safety team's restriction form, at desktop and
320 px width and right to left (axe-core checks every page the browser visits)."""

import pytest
from playwright.sync_api import expect

from desk import cases
from desk.tests.conftest import make_report
from testing.browser import login

pytestmark = pytest.mark.browser


def fits(tab) -> bool:
    return tab.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_merging_asks_first_and_shows_both_cases(
    page, screenshot, live_server, wiki, reporter, other_reporter, responder, community_queue
):
    kept = make_report(wiki, reporter, queue=community_queue, incident_type="doxing")
    duplicate = make_report(wiki, other_reporter, queue=community_queue)
    login(page, live_server.url, responder.username)
    page.goto(f"{live_server.url}/desk/cases/{duplicate.reference}")
    page.get_by_label("This case duplicates case (reference)").fill(kept.reference)
    page.get_by_role("button", name="Merge into that case").click()
    expect(page.locator("h1")).to_have_text("Merge as a duplicate?")
    expect(page.locator("#warn-reporter")).to_be_visible()
    expect(page.locator("#warn-type")).to_be_visible()
    expect(page.locator("#merge-cases")).to_contain_text(kept.reference)
    screenshot(page, "merge-confirm")
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None
    for width in (320,):
        page.set_viewport_size({"width": width, "height": 800})
        assert fits(page), width
    page.get_by_role("button", name="Merge into that case").click()
    expect(page.locator(".messages")).to_contain_text("Case merged as a duplicate.")
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept


def test_the_escalating_team_reads_the_case_and_the_safety_team_restricts_it(
    new_page,
    screenshot,
    live_server,
    wiki,
    reporter,
    responder,
    safety_responder,
    community_queue,
    community_team,
    safety_team,
    safety_queue,
):
    case = make_report(wiki, reporter, queue=community_queue)
    cases.escalate(case, responder, safety_team.slug, "Credible threat")

    tab = new_page(width=320, height=800)
    login(tab, live_server.url, responder.username)
    tab.goto(f"{live_server.url}/desk/cases/{case.reference}")
    expect(tab.locator("#former-access")).to_contain_text(safety_team.name)
    expect(tab.locator("#claim")).to_have_count(0)
    assert fits(tab)
    screenshot(tab, "read-only-case-320")
    tab.goto(f"{live_server.url}/desk/queues/{community_team.slug}/reports/escalated-away")
    expect(tab.locator("#escalated-away")).to_contain_text(case.reference)
    assert fits(tab)
    tab.goto(f"{live_server.url}/desk/cases/{case.reference}?uselang=ar")
    expect(tab.locator("html")).to_have_attribute("dir", "rtl")
    assert fits(tab)

    safety = new_page()
    login(safety, live_server.url, safety_responder.username)
    safety.goto(f"{live_server.url}/desk/cases/{case.reference}")
    form = safety.locator(f"#restrict-{community_team.slug}")
    form.get_by_role("textbox").fill("Names a minor")
    form.get_by_role("button").click()
    expect(safety.locator(".messages")).to_contain_text("That team can no longer read this case.")
    expect(safety.locator(".timeline")).to_contain_text("can no longer read this case")
    screenshot(safety, "restricted")

    tab.goto(
        f"{live_server.url}/desk/queues/{community_team.slug}/reports/escalated-away?uselang=en"
    )
    expect(tab.locator("#escalated-away")).to_contain_text("Read access restricted by")
    expect(tab.get_by_role("link", name=case.reference)).to_have_count(0)
