"""From a talk page to IRS as the wiki's user: the Report dialog, login with the wiki account
(OAuth 2 through the local STAND-IN, since this machine's MediaWiki has no OAuth extension;
the facts then come from the real wiki's Action API), back to the report flow."""

from urllib.parse import quote

import pytest

from accounts.models import WikiAccount

from .wikipage import buttons, open_menu, open_talk, params

pytestmark = [pytest.mark.browser, pytest.mark.mediawiki]


def test_a_wiki_user_logs_in_from_the_dialog_with_their_wiki_account(
    new_tab, mediawiki, on_wiki, talk_page, oauth_standin, settings
):
    oauth_standin.add_user("Wk Reporter", editcount=999)  # the wiki's API has the last word
    oauth_standin.signed_in_as = "Wk Reporter"
    page = new_tab()
    open_talk(page, mediawiki, talk_page["title"])
    link = open_menu(page, buttons(page).nth(1))
    report_url = link.get_attribute("href")
    # The dialog shows IRS's login on the way to the report (as the report flow does for a
    # visitor IRS does not know yet).
    path = report_url[len(settings.SITE_URL) :]
    page.evaluate(
        """([a, url]) => { a.href = url; a.click(); }""",
        [
            link.element_handle(),
            f"{settings.SITE_URL}/accounts/login/?next=" + quote(path, safe=""),
        ],
    )
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
    # Back at IRS, logged in, in the report flow for the reported comment.
    tab.get_by_role("heading", name="What do you want to report?").wait_for()
    assert tab.url.startswith(f"{settings.SITE_URL}/w/{on_wiki.slug}/report")
    assert "Talk:Wiki test" in tab.locator(".context").inner_text()
    assert "Wk Bob" in tab.locator(".context").inner_text()
    account = WikiAccount.objects.get(wiki=on_wiki, username="Wk Reporter")
    assert account.provider == "mediawiki"
    # Facts from the real wiki, not the profile: one edit (the sandbox), confirmed email.
    assert account.edit_count == 1
    assert account.email_confirmed and not account.blocked
    assert account.mw_user_id


def enable_direct_report(wiki, key="intimidation", destinations=(), **type_fields):
    """Direct report on for type `key`: an email to the responders, then `destinations`."""
    from wikis.models import ConfigRevision

    config = wiki.config
    for entry in config["non_emergency"]["types"]:
        if entry["key"] == key:
            entry["direct_report"] = {
                "enabled": True,
                "destinations": [
                    {"kind": "email", "to": ["responders@example.org"]},
                    *destinations,
                ],
            }
            entry.update(type_fields)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="direct report on")


def test_a_comment_is_reported_from_the_talk_page_and_its_evidence_outlives_it(
    new_tab, mediawiki, on_wiki, talk_page, oauth_standin, noticeboard, settings
):
    from django.core.management import call_command

    from reports.models import Report
    from routing.models import Delivery, DeliveryStatus

    # The community made this type public: it is also posted on the wiki's noticeboard.
    enable_direct_report(on_wiki, destinations=[noticeboard["destination"]], public=True)
    oauth_standin.add_user("Wk Reporter")
    oauth_standin.signed_in_as = "Wk Reporter"
    # A page of its own (the same signed comments), since this test removes one of them.
    title = "Talk:Wiki test, reported"
    mediawiki.edit(title, mediawiki.wikitext(talk_page["title"]))
    revid = mediawiki.latest_revision(title)
    page = new_tab()
    open_talk(page, mediawiki, title)
    bob = buttons(page).nth(1)
    link = params(open_menu(page, bob).get_attribute("href"))

    # Not known to IRS yet: the dialog offers a login, the wiki login goes to a new tab.
    page.get_by_role("menuitem", name="Report the comment by Wk Bob").click()
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    frame.get_by_role("link", name="Log in to continue").click()
    frame.wait_for_url("**/accounts/login/?next=**")
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="Log in with TestWiki").click()
    tab = opened.value
    tab.get_by_role("button", name="Allow").click()
    tab.get_by_role("heading", name="What do you want to report?").wait_for()
    tab.close()
    page.keyboard.press("Escape")
    page.wait_for_selector(".irs-dialog", state="detached")

    # Logged in now: the same menu's dialog holds the whole flow.
    open_menu(page, bob).click()
    page.wait_for_selector(".irs-dialog[data-loaded]")
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    frame.wait_for_selector("h1")
    context = frame.locator(".context").inner_text()
    assert title in context
    assert "“Because they are wrong, you idiot. Go away.” by Wk Bob" in context
    frame.get_by_label("Unacceptable user behavior").check()
    frame.get_by_role("button", name="Continue").click()
    frame.get_by_label("Intimidation or aggressive behavior").check()
    frame.get_by_role("button", name="Continue").click()
    frame.get_by_label("What happened?", exact=True).fill(
        "Bob called me an idiot and told me to go away."
    )
    # A public type: the reporter confirms that the text is posted on the noticeboard.
    frame.get_by_label("I understand that what I write will be posted publicly").check()
    frame.get_by_role("button", name="Submit report").click()
    frame.get_by_role("heading", name="Your report was sent").wait_for()

    report = Report.objects.get(filed=True)
    assert report.reporter_username == "Wk Reporter"
    assert report.page_title == title
    assert report.revision_id == revid
    assert report.thread_id == link["thread"]
    assert report.reported_user == "Wk Bob"
    assert report.source == "comment"
    assert report.evidence["status"] == "pending"
    assert_the_dialogs_funnel()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report.refresh_from_db()
    evidence = report.evidence
    assert evidence["status"] == "captured", evidence
    assert evidence["author"] == "Wk Bob"
    assert "Because they are wrong, you idiot. Go away." in evidence["text"]
    assert evidence["revision"]["id"] == revid
    assert evidence["permalink"].endswith(f"/index.php?oldid={revid}#Edit_war_on_the_article")

    # The same report's section is on the wiki's noticeboard, posted by IRS's bot, without
    # the reporter's address.
    delivery = Delivery.objects.get(report=report, kind="noticeboard")
    assert delivery.status == DeliveryStatus.SENT, delivery.last_error
    board_revision = mediawiki.latest_revision(noticeboard["page"])
    assert delivery.external_ref == str(board_revision)
    html = mediawiki.rendered_html(noticeboard["page"])
    assert f"Report {report.reference}" in html
    assert "Wk Bob" in html
    assert report.reporter_email and report.reporter_email not in html
    assert report.reporter_email not in mediawiki.wikitext(noticeboard["page"])
    revision = mediawiki.api(
        action="query", prop="revisions", rvprop="user", revids=board_revision
    )["query"]["pages"][0]["revisions"][0]
    assert revision["user"] == noticeboard["bot"]

    # Bob's comment is removed on the wiki; IRS still has what it said.
    text = mediawiki.wikitext(title)
    mediawiki.edit(
        title,
        "\n".join(line for line in text.splitlines() if "you idiot" not in line),
        user="Wk Bob",
    )
    assert "you idiot" not in mediawiki.wikitext(title)
    report.refresh_from_db()
    assert "Because they are wrong, you idiot." in report.evidence["text"]


def assert_the_dialogs_funnel():
    """Two dialogs, each with its own random token from the dialog script: the first opened
    and closed (Escape) by the script, its step 1 shown in the login tab; the second opened
    by the script and carried on by the server's steps under the same token
    (docs/metrics.md)."""
    from metrics.models import FunnelEvent

    submitted = FunnelEvent.objects.get(name="submit").token
    first = FunnelEvent.objects.exclude(token=submitted).get(name="open").token
    assert sorted(FunnelEvent.objects.filter(token=first).values_list("name", flat=True)) == [
        "close",
        "open",
        "view-step",
    ]
    steps = FunnelEvent.objects.filter(token=submitted).values_list("name", "entry_point")
    assert sorted(set(steps)) == [
        ("choose", ""), ("continue", ""), ("open", "comment"), ("submit", ""),
        ("view-confirmation", ""), ("view-step", ""),
    ]  # fmt: skip
    assert [name for name, _entry in steps].count("open") == 1
