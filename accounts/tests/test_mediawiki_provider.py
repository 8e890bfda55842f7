"""Eligibility facts come from the wiki's Action API when asked (a real MediaWiki 1.39)."""

import pytest

from accounts.models import WikiAccount
from accounts.providers import ProviderError, account_on
from irs import demo
from testing.mediawiki import irs_wiki_for
from testing.servers import free_port
from wikis.models import ConfigRevision

pytestmark = [pytest.mark.mediawiki, pytest.mark.usefixtures("insecure_urls")]  # loopback


@pytest.fixture
def mw_account(db, mediawiki):
    """An IRS user whose account on the test wiki is a MediaWiki one, facts stale on purpose."""

    def make(name, **facts):
        wiki = irs_wiki_for(mediawiki)
        user = demo.make_user(wiki, name)
        account = WikiAccount.objects.get(user=user, wiki=wiki)
        account.provider = "mediawiki"
        account.save()
        return user, wiki

    return make


def test_it_reads_edit_count_registration_groups_and_email_from_the_wiki(mediawiki, mw_account):
    mediawiki.create_user("Provider Alice", email="provider.alice@example.org")
    mediawiki.edit("Talk:Provider test", "Hello ~~~~", user="Provider Alice")
    user, wiki = mw_account("Provider Alice")
    account = account_on(user, wiki)
    assert account.edit_count == 1
    assert account.registered_at is not None
    assert account.mw_user_id
    assert "autoconfirmed" in account.groups
    assert account.email_confirmed
    assert not account.blocked


def test_a_user_blocked_a_minute_ago_is_seen_as_blocked(mediawiki, mw_account):
    mediawiki.create_user("Provider Bob", email="provider.bob@example.org")
    user, wiki = mw_account("Provider Bob")
    assert not account_on(user, wiki).blocked
    mediawiki.block("Provider Bob", reason="Harassment of others")
    account = account_on(user, wiki)
    assert account.blocked
    assert "Harassment" in account.block_reason
    assert WikiAccount.objects.get(pk=account.pk).blocked


def test_a_user_unknown_to_the_wiki_has_nothing_to_be_eligible_with(mediawiki, mw_account):
    user, wiki = mw_account("Nobody Here At All")
    account = account_on(user, wiki)
    assert account.edit_count == 0
    assert account.registered_at is None


def test_an_unreachable_wiki_is_a_temporary_error_not_stale_facts(mediawiki, mw_account):
    mediawiki.create_user("Provider Carol")
    user, wiki = mw_account("Provider Carol")
    config = wiki.config
    config["wiki"]["api_url"] = f"http://127.0.0.1:{free_port()}/api.php"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    wiki = type(wiki).objects.get(pk=wiki.pk)
    with pytest.raises(ProviderError) as error:
        account_on(user, wiki)
    assert "try again in a few minutes" in str(error.value)
    assert "Nothing was sent" in str(error.value)


def test_local_accounts_are_not_asked_anywhere(reporter, wiki):
    account = account_on(reporter, wiki)
    assert account.provider == "local"
    assert account.edit_count == 250


def test_the_report_flow_says_try_again_when_the_wiki_cannot_be_asked(
    client, mediawiki, mw_account
):
    from reports.models import Report

    mediawiki.create_user("Provider Dave")
    user, wiki = mw_account("Provider Dave")
    config = wiki.config
    config["wiki"]["api_url"] = f"http://127.0.0.1:{free_port()}/api.php"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    client.force_login(user)
    response = client.get(f"/w/{wiki.slug}/report", {"uselang": "pt"})
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert "Neste momento não conseguimos verificar a sua conta" in body
    assert "Nada foi enviado" in body
    assert not Report.objects.exists()


def test_a_wiki_going_down_before_submit_stores_nothing(client, mediawiki, mw_account):
    """Facts are asked for again at submission: if the wiki stopped answering since the form
    was shown, the report is refused with the temporary error, and nothing is stored."""
    from reports.models import Report
    from reports.tests.helpers import enable_direct_report, to_support_page, token_in

    mediawiki.create_user("Provider Erin", email="provider.erin@example.org")
    mediawiki.edit("Talk:Provider test", "Erin was here ~~~~", user="Provider Erin")
    user, wiki = mw_account("Provider Erin")
    config = wiki.config
    config["eligibility"]["min_account_age_seconds"] = 0
    ConfigRevision.objects.create(wiki=wiki, data=config)
    enable_direct_report(wiki, "intimidation")
    client.force_login(user)
    url, page = to_support_page(client, wiki, "intimidation")
    assert page.status_code == 200
    config = type(wiki).objects.get(pk=wiki.pk).config
    config["wiki"]["api_url"] = f"http://127.0.0.1:{free_port()}/api.php"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    response = client.post(url, {"text": "Someone insults me.", "submission_token": token_in(page)})
    assert response.status_code == 503
    assert "Nothing was sent" in response.content.decode()
    assert not Report.objects.filter(filed=True).exists()
