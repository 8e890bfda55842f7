"""The page a failed wiki login ends on (written against the mutants bin/mutants found in
accounts/oauth_views.py): it offers to try again only where trying again can help, and it is
rendered for the person's own request (their session, their name in the header)."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from accounts.oauth_views import SESSION_KEY
from irs import demo


def test_a_failed_login_offers_to_try_again_within_the_persons_session(client, reporter, wiki):
    client.force_login(reporter)
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), {"state": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This login was not started here or has already been used. Please start again." in body
    assert f'href="{reverse("accounts:oauth_start", args=[wiki.slug])}"' in body
    assert "Log in with Demo Wiki again" in body
    assert '<span class="who">Reporter</span>' in body


def test_a_wiki_without_wiki_login_offers_no_retry(client, db, monkeypatch):
    monkeypatch.delenv("IRS_OAUTH_CLIENTS", raising=False)
    wiki = demo.ensure_wiki()
    response = client.get(reverse("accounts:oauth_start", args=[wiki.slug]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "not set up" in body
    assert f'href="{reverse("accounts:oauth_start", args=[wiki.slug])}"' not in body
    assert "again" not in body


def test_a_failed_callback_keeps_the_logins_other_tabs_started(client, wiki, monkeypatch):
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", wiki.slug)
    monkeypatch.setenv(f"IRS_OAUTH_{wiki.slug.upper()}_CLIENT_ID", "irs")
    monkeypatch.setenv(
        f"IRS_OAUTH_{wiki.slug.upper()}_REST_URL", "https://auth.example.org/rest.php"
    )
    states = []
    for _tab in range(2):
        response = client.get(reverse("accounts:oauth_start", args=[wiki.slug]))
        assert response.status_code == 302
        states += parse_qs(urlsplit(response["Location"]).query)["state"]
    assert set(client.session[SESSION_KEY]) == set(states)
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), {"state": "x"})
    assert response.status_code == 400
    assert set(client.session[SESSION_KEY]) == set(states)
