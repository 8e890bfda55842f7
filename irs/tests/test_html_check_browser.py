"""The Nu HTML checker the browser fixtures run on every IRS page they visit
(testing/html_check.py, testing/browser.py) finds errors: proof that an invalid page the tests
visit would fail them."""

import pytest

from testing import html_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STYLESHEET = '<link rel="stylesheet" href="/static/irs/irs.css">'
INVALID = (
    '<!doctype html><html lang="en"><head><title>t</title>' + STYLESHEET + "</head><body>"
    '<main><h1>t</h1><time datetime="2026-12-01T10:00:00.123456+00:00">now</time>'
    '<label for="s">S</label><select id="s" name="s" required><option value="a">A</option>'
    "</select></main></body></html>"
)


def test_the_checker_finds_what_browsers_forgive():
    valid = INVALID.replace(".123456", "").replace(
        '<option value="a">', '<option value="">Choose</option><option value="a">'
    )
    problems = html_check.validate(
        [
            html_check.Visited("t::bad", "http://x/bad", INVALID),
            html_check.Visited("t::ok", "http://x/ok", valid),
        ]
    )
    assert len(problems) == 2, problems
    assert all(p.startswith("http://x/bad (visited by t::bad), line 1:") for p in problems)
    assert "fraction of a second" in problems[0]
    assert "first “option” element" in problems[1]


def test_every_irs_document_a_context_loads_is_kept_as_served(browser, live_server):
    pages = html_check.Pages()
    context = browser.new_context()
    try:
        pages.watch(context, "the-test")
        tab = context.new_page()
        tab.route(
            f"{live_server.url}/broken",
            lambda route: route.fulfill(content_type="text/html", body=INVALID),
        )
        tab.route(
            f"{live_server.url}/other",
            lambda route: route.fulfill(
                content_type="text/html", body="<!doctype html><title>t</title><p></div>"
            ),
        )
        tab.goto(f"{live_server.url}/other")  # not IRS's: no irs.css
        tab.goto(f"{live_server.url}/broken")
        tab.goto(f"{live_server.url}/")
        tab.goto(f"{live_server.url}/broken")  # the same document again: kept once
        # The collector reads each body once its request has finished, which may come after
        # goto returns: give it a moment (at most 10 s) before the context closes.
        for _ in range(100):
            if len(pages.visited) >= 2:
                break
            tab.wait_for_timeout(100)
        tab.wait_for_timeout(300)  # and a moment more, for a third that should not be kept
    finally:
        context.close()
    assert [p.url for p in pages.visited] == [f"{live_server.url}/broken", f"{live_server.url}/"]
    assert pages.visited[0].html == INVALID and pages.visited[0].test == "the-test"
    problems = html_check.validate(pages.visited)
    assert problems and all(p.startswith(f"{live_server.url}/broken ") for p in problems)
