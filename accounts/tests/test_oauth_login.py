"""Logging in with a wiki account through MediaWiki OAuth 2 (PKCE), against the stand-in.

The machine's MediaWiki has no OAuth extension, so these tests use testing/oauth_standin.py,
a local STAND-IN serving rest.php/oauth2/{authorize,access_token,resource/profile}.
"""

import base64
import hashlib
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from accounts.models import MediaWikiIdentity, User, WikiAccount
from accounts.oauth import challenge_for, new_verifier
from irs import demo
from wikis.models import ConfigRevision

pytestmark = pytest.mark.usefixtures("insecure_urls")  # the stand-in runs on loopback


@pytest.fixture
def local_wiki(db, oauth_standin):
    """The demo wiki, its API pointed at a loopback address that answers 404 (never the
    network): refresh after login fails quietly, so the profile's facts stand."""
    wiki = demo.ensure_wiki()
    config = wiki.config
    config["wiki"]["api_url"] = oauth_standin.url + "/api.php"
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="loopback api")
    return type(wiki).objects.get(pk=wiki.pk)


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _authorize(client, standin, wiki, *, allow=True, next_url=None):
    """Start at IRS, consent at the stand-in; returns the callback URL path+query."""
    start = f"/accounts/oauth/{wiki.slug}/start"
    response = client.get(start, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(standin.rest_url + "/oauth2/authorize?")
    query = _query(location)
    consent = requests.post(
        standin.rest_url + "/oauth2/authorize",
        data={**query, "allow": "1" if allow else "0"},
        allow_redirects=False,
        timeout=5,
    )
    assert consent.status_code == 302
    callback = urlsplit(consent.headers["Location"])
    assert callback.path == f"/accounts/oauth/{wiki.slug}/callback"
    return f"{callback.path}?{callback.query}", query


def test_it_sends_the_person_to_the_wiki_with_pkce_s256_and_a_state(
    client, local_wiki, oauth_standin
):
    response = client.get(f"/accounts/oauth/{local_wiki.slug}/start")
    query = _query(response["Location"])
    assert query["response_type"] == "code"
    assert query["client_id"] == oauth_standin.client_id
    assert query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == f"http://testserver/accounts/oauth/{local_wiki.slug}/callback"
    pending = client.session["irs_oauth_pending"][query["state"]]
    # S256 computed here, not with the code's own function (its known answer is tested below).
    digest = hashlib.sha256(pending["verifier"].encode("ascii")).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == query["code_challenge"]
    assert len(query["state"]) >= 32


def test_it_logs_a_person_in_with_their_wiki_account(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Alice Example", editcount=17, groups=["*", "user", "autoconfirmed"])
    oauth_standin.signed_in_as = "Alice Example"
    callback, _ = _authorize(
        client, oauth_standin, local_wiki, next_url="/w/demowiki/report?page=Talk:X"
    )
    response = client.get(callback)
    assert response.status_code == 302
    assert response["Location"] == "/w/demowiki/report?page=Talk:X"
    user = User.objects.get(username="Alice Example")
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    account = WikiAccount.objects.get(user=user, wiki=local_wiki)
    assert account.provider == "mediawiki"
    assert account.edit_count == 17
    assert account.email_confirmed
    assert account.is_autoconfirmed
    assert account.registered_at.year == 2020
    assert not account.blocked
    assert MediaWikiIdentity.objects.get(user=user).client == "standin"
    # The exchange went through the three OAuth endpoints (and the wiki's api.php, which
    # answered 404 here, so the profile's facts stood).
    paths = {path for _method, path in oauth_standin.requests} - {"/api.php"}
    assert paths == {
        "/rest.php/oauth2/authorize",
        "/rest.php/oauth2/access_token",
        "/rest.php/oauth2/resource/profile",
    }


def test_it_records_a_block_the_profile_reports(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Blocked One", blocked=True, confirmed_email=False)
    oauth_standin.signed_in_as = "Blocked One"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    client.get(callback)
    account = WikiAccount.objects.get(username="Blocked One")
    assert account.blocked
    assert not account.email_confirmed


def test_it_refuses_a_callback_with_a_forged_state(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Mallory")
    oauth_standin.signed_in_as = "Mallory"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    forged = callback.replace("state=", "state=forged")
    response = client.get(forged)
    assert response.status_code == 400
    assert b"not started here" in response.content
    assert "_auth_user_id" not in client.session


def test_a_callback_cannot_be_used_twice(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    assert client.get(callback).status_code == 302
    client.logout()
    assert client.get(callback).status_code == 400


def test_a_callback_from_another_browser_session_is_refused(client, local_wiki, oauth_standin):
    from django.test import Client

    oauth_standin.add_user("Victim")
    oauth_standin.signed_in_as = "Victim"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    other = Client()
    assert other.get(callback).status_code == 400


def test_it_says_clearly_when_the_person_cancels(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Shy")
    oauth_standin.signed_in_as = "Shy"
    callback, _ = _authorize(client, oauth_standin, local_wiki, allow=False)
    response = client.get(callback)
    assert response.status_code == 400
    assert "You did not allow IRS" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_is_useless_without_the_right_pkce_verifier(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    callback, query = _authorize(client, oauth_standin, local_wiki)
    session = client.session
    session["irs_oauth_pending"][query["state"]]["verifier"] = "x" * 64
    session.save()
    response = client.get(callback)
    assert response.status_code == 502
    assert "did not confirm who you are" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_client_secret_fails_cleanly(client, local_wiki, oauth_standin, monkeypatch):
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    monkeypatch.setenv("IRS_OAUTH_STANDIN_CLIENT_SECRET", "wrong")
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    assert client.get(callback).status_code == 502


def test_the_wiki_being_down_at_callback_is_a_clear_error(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    oauth_standin.stop()
    response = client.get(callback)
    assert response.status_code == 502
    assert "try again in a few minutes" in response.content.decode()


def test_one_identity_stays_one_user_across_the_wikis_of_a_central_client(
    client, local_wiki, oauth_standin
):
    other = demo.ensure_wiki("otherwiki", "Other Wiki")
    config = other.config
    config["wiki"]["api_url"] = oauth_standin.url + "/api.php"
    ConfigRevision.objects.create(wiki=other, data=config)
    oauth_standin.add_user("Traveller")
    oauth_standin.signed_in_as = "Traveller"
    client.get(_authorize(client, oauth_standin, local_wiki)[0])
    client.logout()
    client.get(_authorize(client, oauth_standin, other)[0])
    user = User.objects.get(username="Traveller")
    assert set(user.wiki_accounts.values_list("wiki__slug", flat=True)) == {"demowiki", "otherwiki"}
    assert User.objects.filter(username__startswith="Traveller").count() == 1


def test_it_never_takes_over_a_local_account_with_the_same_name(
    client, local_wiki, oauth_standin, reporter
):
    oauth_standin.add_user("Reporter")
    oauth_standin.signed_in_as = "Reporter"
    response = client.get(_authorize(client, oauth_standin, local_wiki)[0])
    assert response.status_code == 409
    assert "already linked to another IRS account" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert WikiAccount.objects.get(wiki=local_wiki, username="Reporter").user == reporter


def test_it_ignores_a_next_address_on_another_site(client, local_wiki, oauth_standin):
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    callback, _ = _authorize(
        client, oauth_standin, local_wiki, next_url="https://evil.example.net/steal"
    )
    response = client.get(callback)
    assert response["Location"] == "/w/demowiki/report"


def test_a_hostile_profile_is_refused(client, local_wiki, oauth_standin):
    profile = oauth_standin.add_user("Alice")
    profile["username"] = "<script>" * 100
    oauth_standin.signed_in_as = "Alice"
    response = client.get(_authorize(client, oauth_standin, local_wiki)[0])
    assert response.status_code == 502
    assert not User.objects.filter(username__contains="<script>").exists()


def test_a_wiki_without_an_oauth_client_says_so(client, db, monkeypatch):
    monkeypatch.delenv("IRS_OAUTH_CLIENTS", raising=False)
    wiki = demo.ensure_wiki()
    response = client.get(f"/accounts/oauth/{wiki.slug}/start")
    assert response.status_code == 404
    assert "not set up" in response.content.decode()


def test_the_login_page_offers_the_wiki_of_the_report(client, local_wiki, oauth_standin):
    response = client.get("/accounts/login/", {"next": "/w/demowiki/report?page=Talk:X"})
    body = response.content.decode()
    assert "Log in with Demo Wiki" in body
    assert "/accounts/oauth/demowiki/start?next=" in body
    assert 'target="_blank"' not in body


def test_inside_the_report_dialog_the_wiki_login_opens_a_new_tab(client, local_wiki, oauth_standin):
    response = client.get(
        "/accounts/login/", {"next": "/w/demowiki/report"}, headers={"Sec-Fetch-Dest": "iframe"}
    )
    assert 'target="_blank"' in response.content.decode()


def test_the_login_page_is_translated(client, local_wiki, oauth_standin):
    response = client.get("/accounts/login/", {"next": "/w/demowiki/report", "uselang": "pt"})
    assert "Entrar com Demo Wiki" in response.content.decode()


# --- a callback belongs to the wiki and the client its login was started for -------------


def test_rfc_7636_known_answer_for_the_s256_challenge():
    """RFC 7636, appendix B: this verifier's S256 challenge, as printed in the RFC."""
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert challenge_for(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_new_verifiers_are_long_random_and_of_the_unreserved_alphabet():
    verifiers = {new_verifier() for _ in range(20)}
    assert len(verifiers) == 20
    for verifier in verifiers:
        assert 43 <= len(verifier) <= 128 and re.fullmatch(r"[A-Za-z0-9._~-]+", verifier)


def test_a_callback_at_another_wiki_is_refused(client, local_wiki, oauth_standin):
    """Both wikis are served by the same client; the login was started for the demo wiki."""
    other = demo.ensure_wiki("otherwiki", "Other Wiki")
    oauth_standin.add_user("Mallory")
    oauth_standin.signed_in_as = "Mallory"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    elsewhere = callback.replace(f"/oauth/{local_wiki.slug}/", f"/oauth/{other.slug}/")
    response = client.get(elsewhere)
    assert response.status_code == 400
    assert b"not started here" in response.content
    assert "_auth_user_id" not in client.session
    assert not WikiAccount.objects.filter(username="Mallory").exists()


def test_a_callback_for_a_login_started_with_another_client_is_refused(
    client, local_wiki, oauth_standin, monkeypatch
):
    """The operators re-bound the wiki to another client (same far end) between the start
    and the callback: the code was issued to the old one, and is not accepted."""
    oauth_standin.add_user("Alice")
    oauth_standin.signed_in_as = "Alice"
    callback, _ = _authorize(client, oauth_standin, local_wiki)
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", "newclient")
    for key in ("CLIENT_ID", "CLIENT_SECRET", "WIKIS", "REST_URL"):
        monkeypatch.setenv(f"IRS_OAUTH_NEWCLIENT_{key}", os.environ[f"IRS_OAUTH_STANDIN_{key}"])
    response = client.get(callback)
    assert response.status_code == 400
    assert b"incomplete answer" in response.content
    assert "_auth_user_id" not in client.session
