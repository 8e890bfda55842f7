"""Pages DiscussionTools has marked up, through the STAND-IN in discussiontools_standin.py (its
markup written into the real wiki page as served, its overflowMenu.js behaviour with the real
MediaWiki's OOUI): Report joins DiscussionTools' own overflow menus through its documented
client hooks, whichever of the two scripts runs first, and the ⋮ sits next to its Reply link
where it shows no menu. What only a wiki with DiscussionTools can show is in docs/onwiki.md."""

import json
import re

import pytest

from . import discussiontools_standin as dt
from .wikipage import ARTIFACTS, open_menu, params

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]

BOB_SAYS = "Because they are wrong, you idiot. Go away."


def with_discussiontools(page, mediawiki, title, *, irs_first: bool) -> dict:
    """Open `title` as DiscussionTools would serve it; returns the comments' ids by author.
    `irs_first`: DiscussionTools builds its menus after IRS's menu.js ran (else before:
    menu.js is held back until they are built).

    The page's content is swapped for the marked-up one before any of its scripts looks at
    it (at DOMContentLoaded). (Rewriting the response instead would make Chromium treat the
    page as public and refuse it IRS on loopback: Private Network Access.)"""
    marked = dt.markup(mediawiki.rendered_html(title), heading_menu="Another topic")
    held = []
    if irs_first:
        page.add_init_script("window.dtStandinAfterIrs = true;")
    else:
        page.route("**/embed/menu.js", lambda route: held.append(route))
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', function () {"
        f" document.querySelector('.mw-parser-output').outerHTML = {json.dumps(marked)}; }});"
    )
    page.add_init_script(dt.CLIENT)
    page.goto(mediawiki.page_url(title))
    page.wait_for_selector("#irs-report-tools a", state="attached")
    if not irs_first:
        page.wait_for_function("window.dtStandinMenus === 2")
        assert page.evaluate("typeof window.irsDiscussionTools") == "undefined"
        held[0].continue_()
    page.wait_for_function("window.dtStandinMenus === 2 && !!window.irsDiscussionTools")
    found: dict[str, list[str]] = {}
    for thread in dt.ids(marked):
        author = re.match(r"c-(.+?)-\d{14}", thread)[1].replace("_", " ")
        found.setdefault(author, []).append(thread)
    return found


def dt_menu(page, thread: str):
    """Open DiscussionTools' overflow menu of a comment (or heading) thread id."""
    marker = page.locator(f'[data-mw-thread-id="{thread}"]')
    if thread.startswith("h-"):
        marker = marker.locator("xpath=ancestor::div[contains(@class,'init-section')]")
    marker.locator(".ext-discussiontools-init-section-overflowMenuButton a").click()
    menu = page.locator(".ext-discussiontools-init-section-overflowMenu:visible")
    menu.wait_for()
    return menu


def dialog_params(page) -> dict:
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    return {**params(frame.url), "context": frame.locator(".context").inner_text()}


@pytest.mark.parametrize("irs_first", [True, False], ids=["irs-first", "discussiontools-first"])
def test_report_joins_discussiontools_own_overflow_menu(
    new_tab, mediawiki, on_wiki, talk_page, irs_first
):
    page = new_tab()
    ids = with_discussiontools(page, mediawiki, talk_page["title"], irs_first=irs_first)
    bob = ids["Wk Bob"][0]
    assert re.fullmatch(r"c-Wk_Bob-\d{14}-Wk_Alice-\d{14}", bob)  # a reply to Alice
    # Bob's comment has DiscussionTools' menu: no second button, Report is in that menu, once.
    bar = page.locator(f'.ext-discussiontools-init-replylink-buttons[data-mw-thread-id="{bob}"]')
    assert bar.locator(".irs-more").count() == 0
    menu = dt_menu(page, bob)
    assert menu.get_by_role("option").all_inner_texts() == ["Thank", "Report"]
    report = menu.locator(".irs-report-dt")
    assert report.get_attribute("title") == "Report the comment by Wk Bob"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"discussiontools-menu-{irs_first}.png"))
    report.click()
    chosen = dialog_params(page)
    assert chosen["thread"] == bob and chosen["user"] == "Wk Bob"
    assert chosen["source"] == "comment" and chosen["quote"] == BOB_SAYS
    assert f"“{BOB_SAYS}” by Wk Bob" in chosen["context"] and bob not in chosen["context"]
    # Closed, focus goes back to DiscussionTools' button.
    page.keyboard.press("Escape")
    page.wait_for_selector(".irs-dialog", state="detached")
    assert page.evaluate(
        "document.activeElement.closest('.ext-discussiontools-init-section-overflowMenuButton')"
        " !== null"
    )
    # Choosing another of its items is none of IRS's business.
    dt_menu(page, bob).get_by_role("option", name="Thank").click()
    page.wait_for_timeout(300)
    assert page.locator(".irs-dialog").count() == 0

    # A heading with DiscussionTools' menu (as on mobile) gets Report in it too.
    menu = dt_menu(page, "h-Another_topic")
    assert menu.get_by_role("option").all_inner_texts() == ["Edit", "Report"]
    menu.locator(".irs-report-dt").click()
    chosen = dialog_params(page)
    assert chosen["thread"] == "Another_topic" and chosen["source"] == "topic"
    assert chosen["quote"] == "Another topic"
    page.keyboard.press("Escape")


def test_without_its_menu_the_button_sits_next_to_discussiontools_reply_link(
    new_tab, mediawiki, on_wiki, talk_page
):
    page = new_tab()
    ids = with_discussiontools(page, mediawiki, talk_page["title"], irs_first=True)
    alice = ids["Wk Alice"][0]
    bar = page.locator(f'.ext-discussiontools-init-replylink-buttons[data-mw-thread-id="{alice}"]')
    button = bar.locator("button.irs-more-comment")
    assert button.count() == 1
    assert (
        page.evaluate(
            "b => b.parentNode.previousElementSibling.textContent",
            button.element_handle(),
        )
        == "]"
    )
    # Three comments without DiscussionTools' menu, one ⋮ each; the first heading (no menu
    # on desktop) has one, the second (with its menu) none.
    assert page.locator("button.irs-more-comment").count() == 3
    assert page.locator("button.irs-more-topic").count() == 1
    link = params(open_menu(page, button).get_attribute("href"))
    assert link["thread"] == alice and link["user"] == "Wk Alice"
    assert link["quote"] == "You keep reverting my edits."
    page.keyboard.press("Escape")
    topic = params(open_menu(page, page.locator("button.irs-more-topic")).get_attribute("href"))
    assert topic["thread"] == "Edit_war_on_the_article"
    assert topic["quote"] == "Edit war on the article"
    page.screenshot(path=str(ARTIFACTS / "discussiontools-reply-link.png"))
