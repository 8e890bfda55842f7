"""The ⋮ menus and the Tools link in every skin Wikimedia wikis use, as MediaWiki 1.39 bundles
them (switched with ?useskin=), in Chromium: where the buttons sit, that they work, that the
page does not move when they are added (layout shift as Chromium measures it), screenshots
in test-artifacts/onwiki/."""

import pytest

from .wikipage import (
    ARTIFACTS,
    LAYOUT_SHIFTS,
    buttons,
    cls,
    layout_shifts,
    open_menu,
    open_talk,
    params,
)

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]

SKINS = ["vector-2022", "vector", "minerva", "timeless", "monobook"]
# The conversation never moves: no shift of anything in the page's content. The skin's
# chrome may move by the one line the Tools menu grows (Vector 2022's sidebar table of
# contents below it, MonoBook's footer when the sidebar is longer than the page): a total
# below this (the Core Web Vitals call under 0.1 "good"). Measured: docs/onwiki.md.
TOOLS_LINE = 0.005


def shifts_of(new_tab, mediawiki, title, skin, width=1000, *, with_irs: bool):
    page = new_tab(width=width, height=900 if width > 500 else 800)
    page.add_init_script(LAYOUT_SHIFTS)
    if not with_irs:
        # The same page for the same user with the entry point inert (it stops at once when
        # it has run before): what the wiki and the skin shift by themselves.
        page.add_init_script("window.irsEntry = 1;")
        page.goto(mediawiki.page_url(title) + f"&useskin={skin}")
        page.wait_for_function("mw.loader.getState('site') === 'ready'")
        page.wait_for_timeout(500)
    else:
        open_talk(page, mediawiki, title, f"&useskin={skin}")
        buttons(page).first.wait_for(state="attached")
    return page, layout_shifts(page)


def check_buttons_sit_beside_signatures(page):
    """Each ⋮ is visible, after the signature's timestamp on its line, and inside the screen
    and every box around it that clips or scrolls (it never makes a reply scrollable)."""
    width = page.viewport_size["width"]
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('button.irs-more-comment')].map(b => {
            const r = document.createRange();
            r.selectNodeContents(b.parentNode.previousSibling);
            const text = [...r.getClientRects()].pop(), box = b.getBoundingClientRect();
            // The room: the screen, every box that clips or scrolls, the paragraph.
            const block = b.parentNode.parentNode.closest('p,dd,dt,li,td,th,h2,div');
            let inside = true;
            let limit = Math.min(document.documentElement.clientWidth,
                                 block.getBoundingClientRect().right);
            for (let e = b.parentNode; e !== document.body; e = e.parentNode) {
                if (getComputedStyle(e).overflowX === 'visible') continue;
                const c = e.getBoundingClientRect();
                limit = Math.min(limit, c.left + e.clientLeft + e.clientWidth);
                inside = inside && box.left >= c.left + e.clientLeft - 0.5;
            }
            inside = inside && box.right <= limit + 0.5;
            return {text: {right: text.right, top: text.top, bottom: text.bottom}, inside, limit,
                    box: {left: box.left, right: box.right, top: box.top,
                          bottom: box.bottom, width: box.width}};
        })"""
    )
    assert len(boxes) == 4
    for found in boxes:
        text, box = found["text"], found["box"]
        # A 24 px touch target, narrower only where the line leaves no more room.
        assert box["width"] >= 24 or box["right"] >= found["limit"] - 2, found
        assert box["width"] >= 6, found
        # The glyph (3 px, centred) after the text, the button on the screen and in its boxes.
        assert text["right"] <= box["left"] + box["width"] / 2 - 1.5, found
        assert 0 <= box["left"] and box["right"] <= width and found["inside"], found
        middle = (box["top"] + box["bottom"]) / 2
        assert text["top"] <= middle <= text["bottom"], found
    # Beside each topic's title and edit link, on none of their words, inside the page.
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('button.irs-more-topic')].map(b => {
            const box = b.getBoundingClientRect(), h = b.closest('h2');
            const words = [], walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                if (walk.currentNode.parentNode.closest('.irs-more-wrap')) continue;
                const r = document.createRange();
                r.selectNodeContents(walk.currentNode);
                words.push(...[...r.getClientRects()].filter(w => w.width > 0));
            }
            return {right: box.right, hits: words.filter(w => w.left < box.right - 1 &&
                box.left < w.right - 1 && w.top < box.bottom - 1 && box.top < w.bottom - 1)
                .map(w => [w.left, w.right, w.top, w.bottom])};
        })"""
    )
    assert len(overlaps) == 2
    for found in overlaps:
        assert found["hits"] == [] and found["right"] <= width, found


def check_no_shift(skin, without, shifts):
    """Nothing in the content moved; the page as a whole moved less than one Tools line."""
    print(f"layout shift {skin}: {cls(shifts):.6f} with IRS, {cls(without):.6f} without")
    content = [s for s in shifts if any(node.startswith("content") for node in s["nodes"])]
    assert content == [], content
    assert cls(shifts) < TOOLS_LINE, shifts


@pytest.mark.parametrize("skin", SKINS)
def test_in_every_skin_the_menus_work_and_nothing_moves(
    new_tab, mediawiki, on_wiki, talk_page, skin
):
    title = talk_page["title"]
    _page, without = shifts_of(new_tab, mediawiki, title, skin, with_irs=False)
    page, shifts = shifts_of(new_tab, mediawiki, title, skin, with_irs=True)
    assert page.evaluate("mw.config.get('skin')") == skin
    check_no_shift(skin, without, shifts)

    assert buttons(page, "comment").count() == 4 and buttons(page, "topic").count() == 2
    check_buttons_sit_beside_signatures(page)
    bob = buttons(page).nth(1)
    bob.focus()
    page.keyboard.press("Enter")
    item = page.get_by_role("menuitem", name="Report the comment by Wk Bob")
    item.wait_for()
    assert item.inner_text() == "Report"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"skin-{skin}-menu.png"))
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.className") == "irs-more irs-more-comment"
    assert (
        params(open_menu(page, buttons(page, "topic").first).get_attribute("href"))["thread"]
        == "Edit_war_on_the_article"
    )
    page.keyboard.press("Escape")

    tools = page.locator("#irs-report-tools a")
    if skin == "minerva":
        # Minerva's Tools are the page actions' overflow menu.
        page.locator("#page-actions-overflow-toggle").click()
        page.screenshot(path=str(ARTIFACTS / "skin-minerva-page-actions.png"))
    if skin != "timeless":  # Timeless folds its sidebars into menus at this width
        assert tools.is_visible()
    assert tools.text_content() == "Report"
    assert params(tools.get_attribute("href"))["source"] == "tools"


def test_on_minerva_on_a_phone_the_comment_menu_and_the_page_actions_offer_report(
    new_tab, mediawiki, on_wiki, talk_page
):
    title = talk_page["title"]
    _page, without = shifts_of(new_tab, mediawiki, title, "minerva", 320, with_irs=False)
    page, shifts = shifts_of(new_tab, mediawiki, title, "minerva", 320, with_irs=True)
    check_no_shift("minerva (320 px)", without, shifts)
    check_buttons_sit_beside_signatures(page)
    page.screenshot(path=str(ARTIFACTS / "skin-minerva-phone.png"))
    item = open_menu(page, buttons(page).nth(1))
    page.screenshot(path=str(ARTIFACTS / "skin-minerva-phone-menu.png"))
    # Too narrow for the dialog: the flow opens in a new tab.
    with page.context.expect_page() as opened:
        item.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert params(tab.url)["thread"].startswith("c-Wk_Bob-")
    assert "“Because they are wrong, you idiot. Go away.” by Wk Bob" in (
        tab.locator(".context").inner_text()
    )
    tab.close()
    page.locator("#page-actions-overflow-toggle").click()
    tools = page.get_by_role("link", name="Report")
    assert tools.is_visible()
    page.screenshot(path=str(ARTIFACTS / "skin-minerva-phone-page-actions.png"))
    with page.context.expect_page() as opened:
        tools.click()
    opened.value.wait_for_load_state()
    assert params(opened.value.url)["source"] == "tools"
