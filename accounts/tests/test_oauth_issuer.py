"""OAuth endpoints come only from the operators' settings, and identities are bound to the
server that vouched for them (review finding F2)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.checks import oauth_clients_are_complete
from accounts.identity import link_account
from accounts.models import MediaWikiIdentity
from accounts.oauth import OAuthClient, configured_clients
from irs import demo
from wikis.models import ConfigRevision


def _facts(sub="4242", username="Victim"):
    return {
        "sub": sub,
        "username": username,
        "edit_count": 3,
        "registered_at": None,
        "email_confirmed": True,
        "email": "",
        "groups": [],
        "blocked": False,
    }


def _client(rest_url):
    return OAuthClient(
        name="central", client_id="irs", client_secret="s", wikis=("*",), rest_url=rest_url
    )


@pytest.fixture
def client_without_rest_url(monkeypatch):
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", "central")
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_CLIENT_ID", "irs-client")
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_CLIENT_SECRET", "central-client-secret")
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_WIKIS", "*")
    monkeypatch.delenv("IRS_OAUTH_CENTRAL_REST_URL", raising=False)


def test_the_system_check_fails_for_a_client_without_a_rest_url(client_without_rest_url):
    errors = oauth_clients_are_complete()
    assert [error.id for error in errors] == ["accounts.E001"]
    assert "IRS_OAUTH_CENTRAL_REST_URL" in errors[0].msg


def test_the_system_check_passes_when_every_client_is_complete(
    client_without_rest_url, monkeypatch
):
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_REST_URL", "https://meta.example.org/w/rest.php")
    assert oauth_clients_are_complete() == []


def test_a_client_without_a_rest_url_is_never_used(client_without_rest_url):
    with pytest.raises(ImproperlyConfigured):
        configured_clients()


@pytest.mark.django_db
def test_an_admin_edited_base_url_never_becomes_an_oauth_endpoint(
    monkeypatch, client, client_without_rest_url
):
    """The wiki's base_url is community-editable: neither the login redirect nor any request
    (which would carry the client secret) may go there."""
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_REST_URL", "https://meta.example.org/w/rest.php")
    evil = demo.ensure_wiki("evilwiki", "Evil Wiki")
    config = evil.config
    config["wiki"]["base_url"] = "https://attacker.invalid"
    ConfigRevision.objects.create(wiki=evil, data=config, summary="move")
    response = client.get("/accounts/oauth/evilwiki/start")
    assert response["Location"].startswith("https://meta.example.org/w/rest.php/oauth2/authorize")
    oauth_client = configured_clients()[0]
    for url in (oauth_client.token_url(evil), oauth_client.profile_url(evil)):
        assert url.startswith("https://meta.example.org/w/rest.php/")


@pytest.mark.django_db
def test_the_same_sub_from_another_issuer_is_another_person(wiki):
    genuine = _client("https://meta.example.org/w/rest.php")
    victim = link_account(wiki, genuine, _facts())
    identity = MediaWikiIdentity.objects.get(user=victim)
    assert identity.issuer == "https://meta.example.org/w/rest.php"
    other_wiki = demo.ensure_wiki("otherwiki", "Other Wiki")
    impostor = link_account(
        other_wiki, _client("https://attacker.example.net/rest.php"), _facts(username="Impostor")
    )
    assert impostor != victim
    assert link_account(wiki, genuine, _facts()) == victim


@pytest.mark.django_db
def test_an_identity_from_before_issuers_is_bound_at_its_next_login(wiki):
    user = demo.make_user(wiki, "Oldtimer")
    user.wiki_accounts.all().delete()
    MediaWikiIdentity.objects.create(user=user, client="central", sub="77", username="Oldtimer")
    genuine = _client("https://meta.example.org/w/rest.php/")
    assert link_account(wiki, genuine, _facts(sub="77", username="Oldtimer")) == user
    assert MediaWikiIdentity.objects.get(user=user).issuer == "https://meta.example.org/w/rest.php"
    later = link_account(
        wiki,
        _client("https://attacker.example.net/rest.php"),
        _facts(sub="77", username="Oldtimer2"),
    )
    assert later != user
