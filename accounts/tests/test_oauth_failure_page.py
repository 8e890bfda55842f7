"""The page a failed wiki login ends on (written against the mutants bin/mutants found in
accounts/oauth_views.py): its message whole in its paragraph, an offer to try again only
where trying again can help, rendered for the person's own request (their session, their
name in the header)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.oauth_views import SESSION_KEY
from irs import demo


def test_a_failed_login_offers_to_try_again_within_the_persons_session(client, reporter, wiki):
    client.force_login(reporter)
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), {"state": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "<p>This login was not started here or has already been used. Please start again.</p>"
        in body
    )
    assert f'href="{reverse("accounts:oauth_start", args=[wiki.slug])}"' in body
    assert "Log in with Demo Wiki again" in body
    assert '<span class="who">Reporter</span>' in body


def test_a_wiki_without_wiki_login_offers_no_retry(client, reporter, monkeypatch):
    monkeypatch.delenv("IRS_OAUTH_CLIENTS", raising=False)
    wiki = demo.ensure_wiki()
    client.force_login(reporter)
    response = client.get(reverse("accounts:oauth_start", args=[wiki.slug]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "<p>Logging in with an account of Demo Wiki is not set up in IRS.</p>" in body
    assert '<span class="who">Reporter</span>' in body
    assert f'href="{reverse("accounts:oauth_start", args=[wiki.slug])}"' not in body
    assert "again" not in body


@pytest.fixture
def client_env(wiki, monkeypatch):
    """An OAuth client for the demo wiki whose server is a documentation address (TEST-NET-1):
    IRS refuses to call it, so every token request fails at once, without any network."""
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", wiki.slug)
    monkeypatch.setenv(f"IRS_OAUTH_{wiki.slug.upper()}_CLIENT_ID", "irs")
    monkeypatch.setenv(f"IRS_OAUTH_{wiki.slug.upper()}_REST_URL", "https://192.0.2.1/rest.php")


def started(client, wiki) -> str:
    response = client.get(reverse("accounts:oauth_start", args=[wiki.slug]))
    assert response.status_code == 302
    (state,) = parse_qs(urlsplit(response["Location"]).query)["state"]
    return state


def callback(client, wiki, **query):
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), query)
    return response.status_code, response.content.decode()


def test_a_failed_callback_keeps_the_logins_other_tabs_started(client, wiki, client_env):
    states = [started(client, wiki) for _tab in range(2)]
    assert set(client.session[SESSION_KEY]) == set(states)
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), {"state": "x"})
    assert response.status_code == 400
    assert set(client.session[SESSION_KEY]) == set(states)


def test_an_answer_without_a_code_is_incomplete(client, reporter, wiki, client_env):
    client.force_login(reporter)
    status, body = callback(client, wiki, state=started(client, wiki))
    assert status == 400
    assert "<p>The wiki sent back an incomplete answer.</p>" in body
    assert '<span class="who">Reporter</span>' in body


def test_the_person_saying_no_and_other_refusals_are_told_apart(client, reporter, wiki, client_env):
    client.force_login(reporter)
    status, body = callback(client, wiki, state=started(client, wiki), error="access_denied")
    assert status == 400
    assert (
        "<p>You did not allow IRS to know your account on Demo Wiki, so you are not logged in.</p>"
    ) in body
    assert '<span class="who">Reporter</span>' in body
    status, body = callback(client, wiki, state=started(client, wiki), error="x" * 150)
    assert status == 400
    assert f"<p>Demo Wiki refused the login ({'x' * 100}).</p>" in body


def test_a_wiki_that_cannot_be_asked_is_a_clear_error(client, wiki, client_env):
    status, body = callback(client, wiki, state=started(client, wiki), code="a-code")
    assert status == 502
    assert (
        "<p>Demo Wiki did not confirm who you are. Please try again in a few minutes.</p>" in body
    )


def test_only_the_five_newest_logins_are_kept(client, wiki, client_env):
    states = [started(client, wiki) for _tab in range(7)]
    assert list(client.session[SESSION_KEY]) == states[2:]
    assert len(states[0]) == len(states[1]) == 43
