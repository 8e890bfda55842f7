"""From a talk page to IRS as the wiki's user: the Report dialog, login with the wiki account
(OAuth 2 through the local STAND-IN, since this machine's MediaWiki has no OAuth extension;
the facts then come from the real wiki's Action API), back to the report flow."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from accounts.models import WikiAccount

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]


def params(href: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def test_a_wiki_user_logs_in_from_the_dialog_with_their_wiki_account(
    new_tab, mediawiki, on_wiki, talk_page, oauth_standin, settings
):
    oauth_standin.add_user("Wk Reporter", editcount=999)  # the wiki's API has the last word
    oauth_standin.signed_in_as = "Wk Reporter"
    page = new_tab()
    page.goto(mediawiki.page_url(talk_page["title"]))
    link = page.locator("a.irs-report-comment").nth(1)
    report_url = link.get_attribute("href")
    # The dialog shows IRS's login on the way to the report (as the report flow does for a
    # visitor IRS does not know yet).
    path = report_url[len(settings.SITE_URL):]
    page.evaluate("""([a, url]) => { a.href = url; a.click(); }""",
                  [link.element_handle(), f"{settings.SITE_URL}/accounts/login/?next="
                   + quote(path, safe="")])
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    wiki_button = frame.get_by_role("link", name="Log in with TestWiki")
    assert wiki_button.get_attribute("target") == "_blank"
    # The wiki's authorization page refuses frames, so the login continues in a new tab.
    with page.context.expect_page() as opened:
        wiki_button.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url.startswith(oauth_standin.rest_url + "/oauth2/authorize?")
    tab.get_by_role("button", name="Allow").click()
    tab.wait_for_url(f"{settings.SITE_URL}/w/{on_wiki.slug}/report?**")
    assert params(tab.url) == params(report_url)
    account = WikiAccount.objects.get(wiki=on_wiki, username="Wk Reporter")
    assert account.provider == "mediawiki"
    # Facts from the real wiki, not the profile: one edit (the sandbox), confirmed email.
    assert account.edit_count == 1
    assert account.email_confirmed and not account.blocked
    assert account.mw_user_id
