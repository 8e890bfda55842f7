"""The axe-core check the browser fixtures run on every IRS page (testing/browser.py) finds
violations: proof that a page the tests visit would fail them."""

import pytest

from testing import browser as browser_module
from testing.browser import accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_core_reports_a_violation_on_an_irs_page(page, live_server):
    page.goto(f"{live_server.url}/")
    assert accessibility_violations(page) == []
    page.evaluate(
        """() => {
        const p = document.createElement('p');
        p.textContent = 'Pale text';
        p.style.color = '#ddd';
        document.querySelector('main').append(p);
        const img = document.createElement('img');
        img.src = '/static/irs/favicon.svg';
        document.querySelector('main').append(img);
    }"""
    )
    found = "\n".join(accessibility_violations(page))
    assert "color-contrast" in found and "image-alt" in found
    page.evaluate(
        "document.querySelectorAll('main p:last-of-type, main img').forEach(e => e.remove())"
    )


def test_every_loaded_irs_page_is_checked_without_being_asked(browser, live_server):
    """The load-time run reports through the context's binding, with no call from the test."""
    found: list[str] = []
    context = browser.new_context()
    try:
        browser_module._check_accessibility(context, found)
        tab = context.new_page()
        # A page with a button without a name, served by IRS (its stylesheet marks it as IRS's).
        tab.route(
            f"{live_server.url}/broken",
            lambda route: route.fulfill(
                content_type="text/html",
                body='<!doctype html><html lang="en"><head><title>t</title>'
                '<link rel="stylesheet" href="/static/irs/irs.css"></head>'
                "<body><main><h1>t</h1><button></button></main></body></html>",
            ),
        )
        tab.goto(f"{live_server.url}/broken")
        tab.wait_for_function("() => window.axe !== undefined")
        tab.wait_for_timeout(200)
        for _ in range(50):
            if found:
                break
            tab.wait_for_timeout(100)
        assert any("button-name" in line for line in found), found
        # Pages that are not IRS's (a wiki's) are left alone.
        found.clear()
        tab.route(
            f"{live_server.url}/other",
            lambda route: route.fulfill(
                content_type="text/html", body="<!doctype html><title>t</title><button></button>"
            ),
        )
        tab.goto(f"{live_server.url}/other")
        tab.wait_for_timeout(500)
        assert found == []
        assert accessibility_violations(tab) == []
    finally:
        context.close()
