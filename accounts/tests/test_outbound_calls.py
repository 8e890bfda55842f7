"""Every call IRS makes to a wiki's API or an OAuth server goes through irs.outbound: no
private or loopback address (loopback only under the test/demo setting), no redirect followed,
reserved demo names never asked (review finding F3)."""

from urllib.parse import urlencode

import pytest

from accounts.models import User
from wikis import actionapi
from wikis.models import ConfigRevision


def with_api_url(wiki, url):
    config = wiki.config
    config["wiki"]["api_url"] = url
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="api_url for the test")
    return type(wiki).objects.get(pk=wiki.pk)


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/w/api.php",
        "https://192.168.1.20/w/api.php",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.100.100.200/w/api.php",
        "https://127.0.0.1/w/api.php",
        "https://[::1]/w/api.php",
    ],
)
def test_an_api_url_on_a_private_address_is_refused_before_any_connection(
    wiki, settings, connections, url
):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    wiki = with_api_url(wiki, url)
    with pytest.raises(actionapi.Refused):
        actionapi.ask(wiki, action="query", meta="siteinfo")
    with pytest.raises(actionapi.Refused):
        actionapi.usernames_with_prefix(wiki, "A")
    assert connections == []


def test_a_loopback_api_url_is_refused_without_the_test_setting(wiki, settings, recording_server):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    wiki = with_api_url(wiki, recording_server.url + "/w/api.php")
    with pytest.raises(actionapi.Refused):
        actionapi.usernames_with_prefix(wiki, "Lo")
    assert recording_server.hits == []


def test_a_loopback_api_url_answers_under_the_test_setting(wiki, insecure_urls, recording_server):
    wiki = with_api_url(wiki, recording_server.url + "/w/api.php")
    assert actionapi.usernames_with_prefix(wiki, "Lo") == ["Loopback User"]
    assert recording_server.paths() == ["/w/api.php"]


def test_a_redirect_from_the_api_is_not_followed(wiki, insecure_urls, recording_server):
    wiki = with_api_url(wiki, recording_server.url + "/moved/w/api.php")
    with pytest.raises(actionapi.APIError) as raised:
        actionapi.usernames_with_prefix(wiki, "Re")
    assert "redirect" in str(raised.value)
    assert recording_server.paths() == ["/moved/w/api.php"]  # never /target/...


def test_a_reserved_demo_address_is_still_never_asked(wiki, settings, connections):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    for url in ("https://demo.example.org/w/api.php", "http://wiki.test/w/api.php"):
        with pytest.raises(actionapi.NotConfigured):
            actionapi.ask(with_api_url(wiki, url), action="query")
    assert connections == []


# -- OAuth: the token and profile requests ----------------------------------------------------
@pytest.fixture
def oauth_client_at(monkeypatch):
    """Registers an OAuth client (serving every wiki) whose endpoints are at `rest_url`."""

    def register(rest_url):
        monkeypatch.setenv("IRS_OAUTH_CLIENTS", "trap")
        monkeypatch.setenv("IRS_OAUTH_TRAP_CLIENT_ID", "irs-client")
        monkeypatch.setenv("IRS_OAUTH_TRAP_CLIENT_SECRET", "the-client-secret")
        monkeypatch.setenv("IRS_OAUTH_TRAP_WIKIS", "*")
        monkeypatch.setenv("IRS_OAUTH_TRAP_REST_URL", rest_url)

    return register


def _login_callback(client, wiki):
    """Start a login at IRS and come back as the wiki would (the wiki itself is not asked)."""
    start = client.get(f"/accounts/oauth/{wiki.slug}/start")
    assert start.status_code == 302
    state = next(iter(client.session["irs_oauth_pending"]))
    query = urlencode({"state": state, "code": "a-code"})
    return client.get(f"/accounts/oauth/{wiki.slug}/callback?{query}")


def test_the_token_request_is_not_sent_to_loopback_without_the_test_setting(
    client, wiki, settings, oauth_client_at, recording_server
):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    oauth_client_at(recording_server.url + "/rest.php")
    response = _login_callback(client, wiki)
    assert response.status_code == 502
    assert recording_server.hits == []  # the client secret went nowhere
    assert "_auth_user_id" not in client.session


def test_the_token_request_is_not_sent_to_a_private_address(
    client, wiki, settings, oauth_client_at, connections
):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True  # loopback only: 10/8 stays refused
    oauth_client_at("https://10.0.0.1/w/rest.php")
    response = _login_callback(client, wiki)
    assert response.status_code == 502
    assert connections == []


def test_a_redirect_from_the_token_endpoint_is_not_followed(
    client, wiki, insecure_urls, oauth_client_at, recording_server
):
    oauth_client_at(recording_server.url + "/moved/rest.php")
    response = _login_callback(client, wiki)
    assert response.status_code == 502
    assert recording_server.paths() == ["/moved/rest.php/oauth2/access_token"]
    assert not User.objects.filter(username="Redirected").exists()


def test_a_redirect_from_the_profile_endpoint_is_not_followed(
    client, wiki, insecure_urls, oauth_client_at, recording_server
):
    oauth_client_at(recording_server.url + "/rest.php")
    response = _login_callback(client, wiki)
    assert response.status_code == 502
    assert recording_server.paths() == [
        "/rest.php/oauth2/access_token",
        "/rest.php/oauth2/resource/profile",
    ]
    assert not User.objects.filter(username="Redirected").exists()
    assert "_auth_user_id" not in client.session


def test_a_loopback_oauth_server_works_under_the_test_setting(
    client, wiki, insecure_urls, oauth_client_at, recording_server
):
    """The counterpart of the tests above: the same server answering without a redirect logs
    the person in, so the refusals above are the guard's doing."""
    oauth_client_at(recording_server.url + "/direct/rest.php")
    response = _login_callback(client, wiki)
    assert response.status_code == 302
    person = User.objects.get(username="Direct Person")
    assert int(client.session["_auth_user_id"]) == person.pk
