"""Every page carries the site-wide Content-Security-Policy (Django's CSP middleware): no
inline script or style can run, nothing loads from elsewhere, nothing frames it (the report
flow's own exceptions are in embed/tests/test_framing.py)."""

import pytest


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/transparency/", "/no-such-page", "/healthz"]
)
def test_every_page_forbids_inline_script_and_foreign_sources(client, wiki, path):
    policy = policy_of(client.get(path))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no other origin
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_pages_behind_login_too(client, responder, wiki):
    client.force_login(responder)
    for path in ("/desk/", "/my-reports"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response)["script-src"] == "'self'", path


def test_no_template_holds_an_inline_script_style_or_handler():
    """The policy would block them in the browser: catch them where they are written."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|"
                        r"\sstyle=\"|<style\b|\son[a-z]+=\"", re.I)  # fmt: skip
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.glob("*/templates/**/*.html")
        if "/email/" not in str(path)  # emails are not pages: no CSP there
        for match in inline.finditer(path.read_text())
    ]
    assert found == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_tests_fail_on_anything_the_policy_blocks(browser, live_server, wiki):
    """The watcher every browser test has (testing/browser.py) sees a blocked inline script
    and a blocked foreign image; and the page's own script (framed.js) is not blocked."""
    from testing.browser import _watch_for_blocked_content

    context = browser.new_context()
    blocked: list[str] = []
    _watch_for_blocked_content(context, blocked)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/")
    tab.wait_for_load_state("networkidle")
    assert blocked == []
    tab.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.ran = 1';
        document.body.append(s);
        const i = document.createElement('img'); i.src = 'https://elsewhere.invalid/x.png';
        document.body.append(i);
    }""")
    tab.wait_for_timeout(300)
    context.close()
    assert any("script-src" in text for text in blocked), blocked
    assert any("img-src" in text for text in blocked), blocked
