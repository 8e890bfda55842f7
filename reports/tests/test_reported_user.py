"""The reported user (both flows): a field in direct reports too, checked against the wiki's
own users where its API answers (a real MediaWiki on loopback), accepted unchecked where the
wiki cannot be asked, and never the reporter in the suggestions (issue 13, defect 7)."""

import pytest

from irs import demo
from reports.models import Report
from testing.mediawiki import irs_wiki_for
from testing.servers import free_port

from .helpers import (
    change_config,
    enable_direct_report,
    to_emergency_form,
    to_support_page,
    token_in,
)

TOOLS = "?page=Talk:Main_Page&source=tools"
MW_TOOLS = "?page=Talk:Reported_user_test&source=tools"  # a page of the real test wiki


def _direct_report(client, wiki, reported_user, query=TOOLS):
    url, page = to_support_page(client, wiki, "intimidation", query)
    return client.post(
        url,
        {
            "reported_user": reported_user,
            "text": "They insult me on every talk page.",
            "submission_token": token_in(page),
        },
    )


def test_a_direct_report_from_the_tools_menu_names_the_reported_user(client, reporter, wiki):
    enable_direct_report(wiki)
    client.force_login(reporter)
    _url, page = to_support_page(client, wiki, "intimidation", TOOLS)
    text = page.content.decode()
    assert 'name="reported_user"' in text
    assert 'data-autocomplete-url="/w/demowiki/report/users"' in text
    response = _direct_report(client, wiki, "Troll_Account")
    assert response.status_code == 302
    report = Report.objects.get(filed=True)
    # The demo wiki has no API to ask: the name is kept as typed, recorded unchecked.
    assert (report.reported_user, report.reported_user_checked) == ("Troll Account", False)


def test_the_direct_report_form_is_prefilled_from_the_link(client, reporter, wiki):
    enable_direct_report(wiki)
    client.force_login(reporter)
    _url, page = to_support_page(client, wiki, "intimidation", "?user=Bob&source=user")
    assert 'name="reported_user" id="id_reported_user" value="Bob"' in page.content.decode()


def test_the_reporter_is_never_suggested(client, reporter, wiki):
    for name in ("Repeater", "Reptile"):
        demo.make_user(wiki, name)
    client.force_login(reporter)
    response = client.get(f"/w/{wiki.slug}/report/users", {"q": "Rep"})
    assert response.json() == {"users": ["Repeater", "Reptile"]}


def test_ten_suggestions_are_still_given_when_the_reporter_would_be_one(client, wiki):
    for number in range(12):
        demo.make_user(wiki, f"Sock{number:02d}")
    client.force_login(demo.make_user(wiki, "Sock00"))
    names = client.get(f"/w/{wiki.slug}/report/users", {"q": "Sock"}).json()["users"]
    assert names == [f"Sock{number:02d}" for number in range(1, 11)]


@pytest.fixture
def mw_wiki(db, mediawiki, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True  # the test wiki is plain http on loopback
    mediawiki.create_user("Ru Troll")
    mediawiki.create_user("Ru Reporter")
    mediawiki.edit("Talk:Reported user test", "Hello.")
    wiki = irs_wiki_for(mediawiki)
    enable_direct_report(wiki)
    return wiki


@pytest.fixture
def mw_client(client, mw_wiki):
    client.force_login(demo.make_user(mw_wiki, "Ru Reporter"))
    return client


@pytest.mark.mediawiki
def test_a_user_the_wiki_has_is_kept_in_the_wikis_spelling(mw_client, mw_wiki):
    response = _direct_report(mw_client, mw_wiki, "ru_Troll", MW_TOOLS)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get(filed=True)
    assert (report.reported_user, report.reported_user_checked) == ("Ru Troll", True)


@pytest.mark.mediawiki
@pytest.mark.parametrize("flow", ["direct", "emergency"])
def test_a_user_the_wiki_does_not_have_is_refused_with_a_clear_message(mw_client, mw_wiki, flow):
    if flow == "direct":
        response = _direct_report(mw_client, mw_wiki, "Ru Nobody", MW_TOOLS)
    else:
        url, form = to_emergency_form(mw_client, mw_wiki, MW_TOOLS)
        response = mw_client.post(
            url, {"reported_user": "Ru Nobody", "submission_token": token_in(form)}
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is no user “Ru Nobody” on TestWiki." in text
    assert 'id="id_reported_user-error"' in text
    assert not Report.objects.filter(filed=True).exists()


@pytest.mark.mediawiki
def test_an_emergency_about_a_user_the_wiki_has_is_checked(mw_client, mw_wiki):
    url, form = to_emergency_form(mw_client, mw_wiki, MW_TOOLS)
    response = mw_client.post(
        url, {"reported_user": "Ru Troll", "submission_token": token_in(form)}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reported_user, report.reported_user_checked) == ("Ru Troll", True)


@pytest.mark.mediawiki
def test_a_wiki_that_cannot_be_reached_lets_the_name_through_unchecked(mw_client, mw_wiki):
    url, page = to_support_page(mw_client, mw_wiki, "intimidation", MW_TOOLS)
    dead = f"http://127.0.0.1:{free_port()}/api.php"
    change_config(mw_wiki, lambda config: config["wiki"].update(api_url=dead))
    response = mw_client.post(
        url,
        {
            "reported_user": "Ru Nobody",
            "text": "They insult me.",
            "submission_token": token_in(page),
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(filed=True)
    assert (report.reported_user, report.reported_user_checked) == ("Ru Nobody", False)


@pytest.mark.mediawiki
def test_an_ip_address_is_accepted_unchecked(mw_client, mw_wiki):
    assert _direct_report(mw_client, mw_wiki, "192.0.2.7", MW_TOOLS).status_code == 302
    report = Report.objects.get(filed=True)
    assert (report.reported_user, report.reported_user_checked) == ("192.0.2.7", False)


@pytest.mark.mediawiki
def test_a_real_mediawiki_never_suggests_the_reporter(mw_client, mw_wiki):
    names = mw_client.get(f"/w/{mw_wiki.slug}/report/users", {"q": "Ru "}).json()["users"]
    assert "Ru Troll" in names
    assert "Ru Reporter" not in names
