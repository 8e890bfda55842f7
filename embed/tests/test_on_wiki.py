"""The entry point on a real MediaWiki 1.39 in Chromium: a ⋮ menu with Report beside each
comment and topic, Report in Tools, the dialog, keyboard use, mobile, languages, logged-out
visitors."""

import re

import pytest

from testing.browser import accessibility_violations

from .wikipage import ARTIFACTS, buttons, open_menu, open_talk, params, report_href

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]

BOB_SAYS = "Because they are wrong, you idiot. Go away."
BOB_HAS_FOCUS = "document.activeElement === document.querySelectorAll('button.irs-more-comment')[1]"


def test_each_comment_and_topic_gets_one_overflow_button_and_no_visible_report_links(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    assert page.evaluate("mw.config.get('wgUserName')") == "Wk Reporter"
    comments, topics = buttons(page, "comment"), buttons(page, "topic")
    assert comments.count() == 4 and topics.count() == 2
    # The conversation itself carries no "Report" words any more: only the ⋮ buttons.
    content = page.locator(".mw-parser-output")
    assert content.locator("a").filter(has_text="Report").count() == 0
    assert "Report" not in content.inner_text()
    bob = comments.nth(1)
    assert bob.inner_text() == "\u22ee"
    assert bob.get_attribute("aria-label") == "More actions for this comment"
    assert bob.get_attribute("aria-haspopup") == "menu"
    assert bob.get_attribute("aria-expanded") == "false"
    assert topics.first.get_attribute("aria-label") == "More actions for this topic"
    # Right after the signature's timestamp, in the same line box.
    assert page.evaluate(
        """b => b.parentNode.previousSibling.data.trim().endsWith('(UTC)')""",
        bob.element_handle(),
    )

    hrefs = [report_href(page, comments.nth(i)) for i in range(4)]
    assert [params(href)["user"] for href in hrefs] == [
        "Wk Alice",
        "Wk Bob",
        "Wk Alice",
        "Wk Carol",
    ]
    link = params(hrefs[1])
    assert hrefs[1].startswith(f"{settings.SITE_URL}/w/{on_wiki.slug}/report?")
    assert link["page"] == "Talk:Wiki_test"
    assert link["revid"] == str(talk_page["revid"])
    assert link["source"] == "comment" and link["uselang"] == "en"
    assert link["thread"].startswith("c-Wk_Bob-") and link["thread"].endswith("(UTC)")
    # The comment's first words, for IRS to show (display only; the thread id is the fact).
    assert link["quote"] == BOB_SAYS
    assert [params(href)["quote"] for href in hrefs[2:]] == ["Please stay civil.", "Hello there."]
    topic = params(report_href(page, topics.first))
    assert topic["thread"] == "Edit_war_on_the_article" and topic["source"] == "topic"
    assert topic["quote"] == "Edit war on the article"

    item = open_menu(page, bob)
    assert item.inner_text() == "Report"
    assert item.get_attribute("aria-label") == "Report the comment by Wk Bob"
    assert page.locator(".irs-menu").get_attribute("role") == "menu"
    assert bob.get_attribute("aria-expanded") == "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "talk-page-menu.png"))

    tools = page.locator("#irs-report-tools a")
    assert params(tools.get_attribute("href"))["source"] == "tools"
    assert tools.inner_text() == "Report"


def test_the_links_point_at_what_the_evidence_capture_finds(new_tab, mediawiki, on_wiki, talk_page):
    from reports.evidence import check_location

    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    every = page.locator("button.irs-more")
    assert every.count() == 6
    for i in range(6):
        query = params(report_href(page, every.nth(i)))
        assert check_location(
            on_wiki, query["page"], int(query["revid"]), query["thread"], query.get("user", "")
        ), query


def test_the_menu_button_works_from_the_keyboard_as_a_menu_button(
    new_tab, mediawiki, on_wiki, talk_page
):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    bob = buttons(page).nth(1)
    focused_item = "document.activeElement.getAttribute('role')"
    for key in ("Enter", " ", "ArrowDown"):
        bob.focus()
        page.keyboard.press(key)
        page.locator(".irs-menu").wait_for()
        assert bob.get_attribute("aria-expanded") == "true", key
        assert page.evaluate(focused_item) == "menuitem", key
        assert page.evaluate("document.activeElement.textContent") == "Report"
        # Arrow keys stay in the menu (one item: it wraps to itself).
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        assert page.evaluate(focused_item) == "menuitem"
        page.keyboard.press("Escape")
        assert page.locator(".irs-menu").count() == 0, key
        assert bob.get_attribute("aria-expanded") == "false"
        assert page.evaluate(BOB_HAS_FOCUS), key
    # Tab leaves the menu (closed) and moves on from the button.
    bob.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.locator(".irs-menu").count() == 0
    assert bob.get_attribute("aria-expanded") == "false"
    assert not page.evaluate("document.activeElement.classList.contains('irs-more-comment')")
    # A click elsewhere closes it; a second click on the button too.
    bob.click()
    page.locator("#firstHeading").click()
    assert page.locator(".irs-menu").count() == 0
    bob.click()
    page.locator(".irs-menu").wait_for()
    bob.click()
    page.locator(".irs-menu").wait_for(state="detached")
    assert bob.get_attribute("aria-expanded") == "false"


def test_a_logged_out_visitor_sees_nothing(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab(wiki_login=False)
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(mediawiki.page_url(talk_page["title"]))
    page.wait_for_function("window.mw && mw.loader.getState('site') === 'ready'")
    assert any(f"/embed/{on_wiki.slug}/entry.js" in url for url in loaded)
    assert page.evaluate("mw.config.get('wgUserName')") is None
    assert page.locator(".irs-more, .irs-report, #irs-report-tools").count() == 0


def test_pages_outside_the_enabled_namespaces_get_only_the_tools_link(
    new_tab, mediawiki, on_wiki, talk_page
):
    page = new_tab()
    open_talk(page, mediawiki, "Sandbox")
    assert page.locator(".irs-more").count() == 0
    assert params(page.locator("#irs-report-tools a").get_attribute("href"))["page"] == "Sandbox"


def test_a_user_page_offers_report_this_user(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab()
    open_talk(page, mediawiki, "User:Wk Bob")
    link = page.locator("#irs-report-user a")
    assert link.inner_text() == "Report this user"
    query = params(link.get_attribute("href"))
    assert query["source"] == "user" and query["user"] == "Wk Bob"


def test_the_buttons_and_menus_speak_the_users_language(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"], "&uselang=pt")
    assert page.locator("#irs-report-tools a").inner_text() == "Denunciar"
    first = buttons(page).first
    assert first.get_attribute("aria-label") == "Mais ações para este comentário"
    assert buttons(page, "topic").first.get_attribute("title") == "Mais ações para este tópico"
    item = open_menu(page, first)
    assert item.inner_text() == "Denunciar"
    assert item.get_attribute("aria-label") == "Denunciar o comentário de Wk Alice"
    assert params(item.get_attribute("href"))["uselang"] == "pt"
    open_talk(page, mediawiki, talk_page["title"], "&uselang=uk")
    assert buttons(page).first.get_attribute("aria-label") == "Інші дії з цим коментарем"
    open_talk(page, mediawiki, "User:Wk Bob", "&uselang=uk")
    assert page.locator("#irs-report-user a").inner_text() == "Поскаржитися на цього користувача"


def _dialog_frame(page):
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frames = [frame for frame in page.frames if frame != page.main_frame]
    assert len(frames) == 1
    return frames[0]


def test_report_opens_the_flow_in_a_dialog_that_quotes_the_comment(
    new_tab, mediawiki, on_wiki, talk_page, settings
):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    bob = buttons(page).nth(1)
    item = open_menu(page, bob)
    href = item.get_attribute("href")
    item.click()
    dialog = page.locator(".irs-dialog[role=dialog][aria-modal=true]")
    assert dialog.get_attribute("aria-labelledby") == "irs-dialog-title"
    assert page.locator("#irs-dialog-title").inner_text() == "Report an incident"
    frame = _dialog_frame(page)
    assert page.locator(".irs-menu").count() == 0
    # The report link itself, from IRS (a frame IRS refused would show Chromium's error page
    # instead); this browser is not logged in to IRS, so it shows what is reported and a login.
    # The dialog adds its random funnel token (docs/metrics.md).
    assert re.fullmatch(re.escape(href) + r"&funnel=[0-9a-f-]{36}", frame.url), frame.url
    assert frame.get_by_role("heading", name="Log in to report an incident").is_visible()
    # What is reported, as people read it: the words, the author and the time, not the id.
    context = frame.locator(".context").inner_text()
    assert f"“{BOB_SAYS}” by Wk Bob," in context and "2026 (UTC)" in context
    assert "c-Wk_Bob-" not in context
    assert page.locator("iframe").get_attribute("title") == "Report an incident"
    # The dialog itself (over the wiki's page, which is not IRS's to check) passes axe-core.
    assert accessibility_violations(page, within=".irs-dialog-backdrop") == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-dialog.png"))
    # Escape closes it and gives focus back to the ⋮ button the menu belonged to.
    page.locator(".irs-dialog-close").focus()
    page.keyboard.press("Escape")
    assert page.locator(".irs-dialog").count() == 0
    assert page.evaluate(BOB_HAS_FOCUS)


def test_the_dialog_works_from_the_keyboard_alone(new_tab, mediawiki, on_wiki, talk_page):
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    buttons(page, "topic").first.focus()
    page.keyboard.press("Enter")
    page.locator(".irs-menu").wait_for()
    page.keyboard.press("Enter")
    frame = _dialog_frame(page)
    assert "“Edit war on the article”" in frame.locator(".context").inner_text()
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    # Focus is trapped: from the close button, backwards, it goes into the frame, not the wiki.
    page.locator(".irs-dialog-close").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.locator(".irs-dialog-close").click()
    assert page.locator(".irs-dialog").count() == 0
    assert page.evaluate("document.activeElement.className") == "irs-more irs-more-topic"


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
    frame = _dialog_frame(page)
    frame.wait_for_selector("#id_username")
    frame.focus("#id_username")
    page.keyboard.press("Escape")
    page.wait_for_selector(".irs-dialog", state="detached")


def test_on_a_narrow_screen_report_opens_the_flow_in_a_new_tab(
    new_tab, mediawiki, on_wiki, talk_page
):
    page = new_tab(width=400, height=800)
    open_talk(page, mediawiki, talk_page["title"])
    item = open_menu(page, buttons(page).first)
    href = item.get_attribute("href")
    with page.context.expect_page() as opened:
        item.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == href
    assert page.locator(".irs-dialog").count() == 0
    assert page.locator(".irs-menu").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_dialog_looks_like_a_codex_dialog_in_the_readers_colour_scheme(
    new_tab, mediawiki, on_wiki, talk_page, scheme
):
    page = new_tab(color_scheme=scheme)
    open_talk(page, mediawiki, talk_page["title"])
    open_menu(page, buttons(page).nth(1)).click()
    page.wait_for_selector(".irs-dialog[data-loaded]")
    style = page.locator(".irs-dialog").evaluate(
        "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderTopColor,"
        " s.borderRadius]; }"
    )
    # Codex: background-color-base, border-color-subtle, border-radius-base (light / dark).
    expected = {
        "light": ["rgb(255, 255, 255)", "rgb(200, 204, 209)", "2px"],
        "dark": ["rgb(16, 20, 24)", "rgb(84, 89, 93)", "2px"],
    }
    assert style == expected[scheme]
    # The page inside the frame is in the same scheme.
    inner = _dialog_frame(page).evaluate(
        "getComputedStyle(document.documentElement).backgroundColor"
    )
    assert inner == expected[scheme][0]
    close = page.locator(".irs-dialog-close")
    assert close.bounding_box()["width"] >= 32 and close.bounding_box()["height"] >= 32
    assert accessibility_violations(page, within=".irs-dialog-backdrop") == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-dialog-{scheme}.png"))
