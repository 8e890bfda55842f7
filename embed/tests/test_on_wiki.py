"""The entry point on a real MediaWiki 1.39 in Chromium: Report links where incidents happen,
the dialog, keyboard use, mobile, languages, logged-out visitors."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "onwiki"

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]


def params(href: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def open_talk(page, mediawiki, title, extra=""):
    page.goto(mediawiki.page_url(title) + extra)
    page.wait_for_selector("#irs-report-tools a")


def test_a_logged_in_user_sees_report_links_on_each_comment_topic_and_in_tools(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    assert page.evaluate("mw.config.get('wgUserName')") == "Wk Reporter"
    comments = page.locator("a.irs-report-comment")
    assert comments.count() == 4
    assert page.locator("a.irs-report-topic").count() == 2
    hrefs = [comments.nth(i).get_attribute("href") for i in range(4)]
    authors = [params(href)["user"] for href in hrefs]
    assert authors == ["Wk Alice", "Wk Bob", "Wk Alice", "Wk Carol"]
    bob = params(hrefs[1])
    assert hrefs[1].startswith(f"{settings.SITE_URL}/w/{on_wiki.slug}/report?")
    assert bob["page"] == "Talk:Wiki_test"
    assert bob["revid"] == str(talk_page["revid"])
    assert bob["source"] == "comment"
    assert bob["uselang"] == "en"
    assert bob["thread"].startswith("c-Wk_Bob-") and bob["thread"].endswith("(UTC)")
    # The link sits right after Bob's signature, and names what it reports.
    assert comments.nth(1).get_attribute("aria-label") == "Report the comment by Wk Bob"
    topic = params(page.locator("a.irs-report-topic").first.get_attribute("href"))
    assert topic["thread"] == "Edit_war_on_the_article" and topic["source"] == "topic"
    tools = params(page.locator("#irs-report-tools a").get_attribute("href"))
    assert tools["source"] == "tools" and tools["page"] == "Talk:Wiki_test"
    assert page.locator("#irs-report-tools a").inner_text() == "Report"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "talk-page-links.png"))


def test_the_links_point_at_what_the_evidence_capture_finds(new_tab, mediawiki, on_wiki, talk_page):
    from reports.evidence import check_location

    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    for link in page.locator("a.irs-report-comment, a.irs-report-topic").all():
        query = params(link.get_attribute("href"))
        assert (
            check_location(
                on_wiki, query["page"], int(query["revid"]), query["thread"], query.get("user", "")
            )
            is True
        )


def test_a_logged_out_visitor_sees_no_links(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab(wiki_login=False)
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(mediawiki.page_url(talk_page["title"]))
    page.wait_for_function("window.mw && mw.loader.getState('site') === 'ready'")
    assert any(url.endswith(f"/embed/{on_wiki.slug}/entry.js") for url in loaded)
    assert page.evaluate("mw.config.get('wgUserName')") is None
    assert page.locator(".irs-report, #irs-report-tools").count() == 0


def test_pages_outside_the_enabled_namespaces_get_only_the_tools_link(
    new_tab, mediawiki, on_wiki, talk_page
):
    page = new_tab()
    open_talk(page, mediawiki, "Sandbox")
    assert page.locator("a.irs-report-comment, a.irs-report-topic").count() == 0
    assert params(page.locator("#irs-report-tools a").get_attribute("href"))["page"] == "Sandbox"


def test_a_user_page_offers_report_this_user(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab()
    open_talk(page, mediawiki, "User:Wk Bob")
    link = page.locator("#irs-report-user a")
    assert link.inner_text() == "Report this user"
    query = params(link.get_attribute("href"))
    assert query["source"] == "user" and query["user"] == "Wk Bob"


def test_the_links_speak_the_users_language(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"], "&uselang=pt")
    assert page.locator("#irs-report-tools a").inner_text() == "Denunciar"
    first = page.locator("a.irs-report-comment").first
    assert first.inner_text() == "Denunciar"
    assert params(first.get_attribute("href"))["uselang"] == "pt"
    open_talk(page, mediawiki, "User:Wk Bob", "&uselang=uk")
    assert page.locator("#irs-report-user a").inner_text() == "Поскаржитися на цього користувача"


def _dialog_frame(page, settings):
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frames = [frame for frame in page.frames if frame != page.main_frame]
    assert len(frames) == 1
    return frames[0]


def test_a_click_opens_the_report_flow_in_a_dialog_the_wiki_may_frame(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    link = page.locator("a.irs-report-comment").nth(1)
    href = link.get_attribute("href")
    link.click()
    dialog = page.locator(".irs-dialog[role=dialog][aria-modal=true]")
    assert dialog.get_attribute("aria-labelledby") == "irs-dialog-title"
    assert page.locator("#irs-dialog-title").inner_text() == "Report an incident"
    frame = _dialog_frame(page, settings)
    # The report link itself, from IRS (a frame IRS refused would show Chromium's error page
    # instead); this browser is not logged in to IRS, so it shows what is reported and a login.
    # The dialog adds its random funnel token (docs/metrics.md).
    assert re.fullmatch(re.escape(href) + r"&funnel=[0-9a-f-]{36}", frame.url), frame.url
    assert frame.get_by_role("heading", name="Log in to report an incident").is_visible()
    assert "Wk Bob" in frame.locator(".context").inner_text()
    assert page.locator("iframe").get_attribute("title") == "Report an incident"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-dialog.png"))
    # Escape closes it and gives focus back to the link.
    page.locator(".irs-dialog-close").focus()
    page.keyboard.press("Escape")
    assert page.locator(".irs-dialog").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == href


def test_the_dialog_works_from_the_keyboard_alone(new_tab, mediawiki, on_wiki, talk_page, settings):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    link = page.locator("a.irs-report-topic").first
    link.focus()
    page.keyboard.press("Enter")
    _dialog_frame(page, settings)
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    # Focus is trapped: from the close button, backwards, it goes into the frame, not the wiki.
    page.locator(".irs-dialog-close").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.locator(".irs-dialog-close").click()
    assert page.locator(".irs-dialog").count() == 0
    assert page.evaluate("document.activeElement.className").startswith("irs-report")


def test_escape_inside_the_frame_closes_the_dialog(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    """IRS pages (base.html) in the frame ask the dialog to close on Escape (framed.js)."""
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    login_url = f"{settings.SITE_URL}/accounts/login/?next=/w/{on_wiki.slug}/report"
    page.evaluate(
        """url => { const a = document.querySelector('#irs-report-tools a');
        a.href = url; a.click(); }""",
        login_url,
    )
    frame = _dialog_frame(page, settings)
    frame.wait_for_selector("#id_username")
    frame.focus("#id_username")
    page.keyboard.press("Escape")
    page.wait_for_selector(".irs-dialog", state="detached")


def test_on_a_narrow_screen_the_flow_opens_in_a_new_tab(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    page = new_tab(width=400, height=800)
    open_talk(page, mediawiki, talk_page["title"])
    page.wait_for_selector("a.irs-report-comment")
    link = page.locator("a.irs-report-comment").first
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == link.get_attribute("href")
    assert page.locator(".irs-dialog").count() == 0
