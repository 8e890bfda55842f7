"""The page a failed wiki login ends on (written against the mutants bin/mutants found in
accounts/oauth_views.py): it offers to try again only where trying again can help, and it is
rendered for the person's own request (their session, their name in the header)."""

from django.urls import reverse

from irs import demo


def test_a_failed_login_offers_to_try_again_within_the_persons_session(client, reporter, wiki):
    client.force_login(reporter)
    response = client.get(reverse("accounts:oauth_callback", args=[wiki.slug]), {"state": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "not started here" in body
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
