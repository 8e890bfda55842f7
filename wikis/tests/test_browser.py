"""The configuration editor in a real browser, and its effect on the reporter flow."""

import pytest

from testing.browser import login
from wikis.revisions import save_config

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TROLLING = "#f-non_emergency-types-3"
HELP_URL = "https://demowiki.example.org/wiki/Project:Help_desk"


def test_an_admin_adds_a_help_method_reorders_types_and_the_reporter_sees_it(
    live_server, new_page, wiki, wiki_admin, reporter
):
    admin = new_page()
    login(admin, live_server.url, "WikiAdmin")
    admin.goto(f"{live_server.url}/w/demowiki/config/edit")

    # Add a help method to "Trolling" (a plain submit button: the server adds the row).
    with admin.expect_navigation():
        admin.locator(TROLLING).get_by_role("button", name="Add help method").click()
    method = admin.locator("#f-non_emergency-types-3-help_methods-0")
    method.get_by_label("Kind").select_option("community")
    method.get_by_label("URL").fill(HELP_URL)
    method.locator("summary").click()  # open the label's languages
    method.get_by_label("Label: en").fill("Ask at the help desk")

    # Move "Trolling" up twice, by keyboard: focus stays on the moved type's button.
    admin.locator("button[value='up:/non_emergency/types/3']").focus()
    with admin.expect_navigation():
        admin.keyboard.press("Enter")
    focused = admin.evaluate("document.activeElement.value")
    assert focused == "up:/non_emergency/types/2"
    with admin.expect_navigation():
        admin.keyboard.press("Enter")
    assert admin.evaluate("document.activeElement.value") == "up:/non_emergency/types/1"
    assert admin.locator("#f-non_emergency-types-1 > legend").inner_text() == "Trolling"
    # What was typed before the moves is still there.
    assert admin.locator("#f-non_emergency-types-1-help_methods-0-url").input_value() == HELP_URL

    admin.get_by_label("Summary of your change").fill("Help desk for trolling, shown second")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save configuration").click()
    assert "Saved as revision" in admin.locator(".messages").inner_text()
    revision = wiki.current_revision
    assert revision.summary == "Help desk for trolling, shown second"
    assert revision.author == wiki_admin

    # The reporter flow reads the new revision on the next request.
    person = new_page()
    login(person, live_server.url, "Reporter")
    person.goto(f"{live_server.url}/w/demowiki/report")
    person.get_by_label("Unacceptable user behavior").check()
    person.get_by_role("button", name="Continue").click()
    labels = person.locator("input[name=incident_type]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert labels[:3] == ["intimidation", "trolling", "sexual-harassment"]
    person.locator("input[value=trolling]").check()
    person.get_by_role("button", name="Continue").click()
    link = person.get_by_role("link", name="Ask at the help desk")
    assert link.get_attribute("href") == HELP_URL


def test_a_bad_value_shows_an_error_and_the_old_revision_stays_current(
    live_server, new_page, wiki, wiki_admin
):
    before = wiki.current_revision.pk
    admin = new_page(width=390, height=844)  # a phone
    login(admin, live_server.url, "WikiAdmin")
    admin.goto(f"{live_server.url}/w/demowiki/config/edit")
    admin.get_by_label("Reports a day by autoconfirmed users").fill("lots")
    admin.get_by_label("Where to confirm an email address").fill("http://example.org/?a=")
    with admin.expect_navigation():
        admin.get_by_label("Where to confirm an email address").press("Enter")  # Enter saves
    summary = admin.locator("#error-summary")
    assert "Nothing was saved" in summary.inner_text()
    assert (
        "Enter a whole number."
        in admin.locator("#f-rate_limits-autoconfirmed_per_day-errors").inner_text()
    )
    assert (
        admin.get_by_label("Where to confirm an email address").get_attribute("aria-invalid")
        == "true"
    )
    # The summary links to the field.
    summary.get_by_role("link", name="/rate_limits/autoconfirmed_per_day").click()
    assert admin.evaluate("location.hash") == "#f-rate_limits-autoconfirmed_per_day"
    assert wiki.current_revision.pk == before
    admin.goto(f"{live_server.url}/w/demowiki/config")
    assert "lots" not in admin.content()


def test_a_destination_shows_only_the_fields_of_its_kind(live_server, new_page, wiki, wiki_admin):
    admin = new_page()
    login(admin, live_server.url, "WikiAdmin")
    admin.goto(f"{live_server.url}/w/demowiki/config/edit")
    with admin.expect_navigation():
        admin.locator(
            "button[value='add:/non_emergency/types/2/direct_report/destinations']"
        ).click()
    destination = admin.locator("#f-non_emergency-types-2-direct_report-destinations-0")
    email_to = destination.locator("[data-kind=email] textarea")
    webhook_url = destination.locator("[data-kind=webhook] input").first
    assert email_to.is_visible() and not webhook_url.is_visible()
    destination.get_by_label("Kind").select_option("webhook")
    assert webhook_url.is_visible() and not email_to.is_visible()


@pytest.mark.parametrize("lang", ["pt", "ar"])
def test_the_history_and_the_diff_read_as_words_at_320_px(live_server, new_page, wiki, lang):
    """Issue 13, defect 11: labels and moves instead of JSON pointers; axe checks each page."""
    data = wiki.config
    types = data["non_emergency"]["types"]
    types.insert(1, types.pop(4))
    revision, _result = save_config(wiki, data, actor_name="test", summary="reorder")
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/w/demowiki/config/history?uselang={lang}")
    assert "/non_emergency" not in page.content()
    page.goto(f"{live_server.url}/w/demowiki/config/diff?to={revision.pk}&uselang={lang}")
    changes = page.locator("ul.changes li")
    assert changes.count() == 1 and "5" in changes.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320


# A field is in view when it is on the screen and not under the Save bar at its bottom.
_IN_VIEW = """(e) => {
  const r = e.getBoundingClientRect();
  const bar = document.querySelector('.save-bar');
  const bottom = bar ? Math.min(innerHeight, bar.getBoundingClientRect().top) : innerHeight;
  return r.height > 0 && r.top >= -1 && r.bottom <= bottom + 1;
}"""


@pytest.mark.parametrize("script", ["with the editor's script", "without it"])
def test_after_add_link_focus_is_on_the_new_links_label_in_view(
    live_server, new_page, wiki, wiki_admin, script
):
    admin = new_page(width=390, height=844)  # a phone
    admin.set_default_navigation_timeout(30_000)  # a long page on a busy machine
    if script == "without it":
        admin.route("**/config-editor.js", lambda route: route.abort())
    login(admin, live_server.url, "WikiAdmin")
    admin.goto(f"{live_server.url}/w/demowiki/config/edit")
    add = admin.locator("#f-non_emergency-types-4").get_by_role("button", name="Add link")
    add.focus()
    with admin.expect_navigation():
        admin.keyboard.press("Enter")
    label = admin.locator("#f-non_emergency-types-4-fallback_links-0-label-en")
    assert admin.evaluate("document.activeElement.id") == label.get_attribute("id")
    assert label.evaluate(_IN_VIEW)
    assert admin.evaluate("scrollY") > 2000  # the types' section, far below the top
    # Typing goes straight into the new link's label, and the next Add link lands after it.
    admin.keyboard.type("Ask on the help desk")
    admin.locator("#f-non_emergency-types-4").get_by_role("button", name="Add link").click()
    admin.wait_for_load_state()
    assert label.input_value() == "Ask on the help desk"
    second = "f-non_emergency-types-4-fallback_links-1-label-en"
    assert admin.evaluate("document.activeElement.id") == second


def test_the_long_form_folds_types_that_are_off_and_keeps_save_in_view(
    live_server, new_page, screenshot, wiki, wiki_admin
):
    before = wiki.config
    admin = new_page(width=390, height=844)
    admin.set_default_navigation_timeout(30_000)  # a long page on a busy machine
    login(admin, live_server.url, "WikiAdmin")
    admin.goto(f"{live_server.url}/w/demowiki/config/edit")
    # Types that are off are folded away, named in their summary; those shown are open.
    off = admin.locator("details.type-off")
    assert off.count() == 5
    for index in range(7, 12):
        fold = admin.locator(f"#f-non_emergency-types-{index}-fold")
        assert fold.get_attribute("open") is None
        assert "not shown to reporters" in fold.locator("> summary").inner_text()
        assert not admin.locator(f"#f-non_emergency-types-{index}").is_visible()
    assert admin.locator("#f-non_emergency-types-0").is_visible()
    height = admin.evaluate("document.documentElement.scrollHeight")
    screenshot(admin, "editor-top")
    # Save is in view at the top of the page, and still at the bottom of the screen further on.
    save = admin.get_by_role("button", name="Save configuration")
    assert save.evaluate(_IN_VIEW.replace("r.bottom <= bottom + 1", "r.bottom <= innerHeight"))
    # The index leads to each section, and to the folded box of a type that is off.
    admin.locator(".config-index").get_by_role("link", name="Rate limits").click()
    assert admin.evaluate("location.hash") == "#f-rate_limits-h"
    assert admin.locator("#f-rate_limits-h").evaluate(_IN_VIEW), admin.locator(
        "#f-rate_limits-h"
    ).evaluate("e => [JSON.stringify(e.getBoundingClientRect()), scrollY, innerHeight]")
    assert save.evaluate(_IN_VIEW.replace("r.bottom <= bottom + 1", "r.bottom <= innerHeight"))
    admin.locator(".config-index a[href='#f-non_emergency-types-8-fold']").click()
    admin.locator("#f-non_emergency-types-8-fold > summary").click()
    assert admin.locator("#f-non_emergency-types-8").is_visible()
    # Saving from the bar keeps the folded types' settings as they were.
    admin.get_by_label("Reports a day by autoconfirmed users").fill("7")
    with admin.expect_navigation():
        save.click()
    assert "Saved as revision" in admin.locator(".messages").inner_text()
    after = wiki.config
    assert after["rate_limits"]["autoconfirmed_per_day"] == 7
    assert after["non_emergency"] == before["non_emergency"]
    print(f"editor height at 390 px: {height} px")
