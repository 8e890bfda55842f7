"""The Tokens page: the token shown once, revocation, only one's own tokens."""

from api.models import AccessToken
from api.tests.conftest import token_for


def test_making_a_token_shows_it_once_and_never_again(client, responder, community_team):
    client.force_login(responder)
    answer = client.post(
        "/tokens", {"name": "helpdesk", "scope": "act", "team": community_team.slug, "days": "30"}
    )
    assert answer.status_code == 200
    assert answer["Cache-Control"].startswith("max-age=0")
    secret = answer.context["secret"]
    assert secret.encode() in answer.content
    row = AccessToken.objects.get()
    assert (row.scope, row.team, row.name) == ("act", community_team, "helpdesk")
    assert (row.expires_at - row.created_at).days == 30
    listing = client.get("/tokens")
    assert secret.encode() not in listing.content
    assert f"irs_{row.prefix}".encode() in listing.content


def test_a_reporter_may_only_make_read_tokens(client, reporter):
    client.force_login(reporter)
    assert client.post("/tokens", {"name": "x", "scope": "act", "days": "5"}).status_code == 400
    assert not AccessToken.objects.exists()
    assert client.post("/tokens", {"name": "x", "scope": "read", "days": "5"}).status_code == 200
    assert AccessToken.objects.get().scope == "read"


def test_a_team_one_does_not_work_is_404(client, responder, other_team):
    client.force_login(responder)
    answer = client.post(
        "/tokens", {"name": "x", "scope": "read", "team": other_team.slug, "days": "5"}
    )
    assert answer.status_code == 404
    assert not AccessToken.objects.exists()


def test_a_bad_name_is_refused_with_the_reason(client, responder):
    client.force_login(responder)
    answer = client.post("/tokens", {"name": "", "scope": "read", "days": "5"})
    assert answer.status_code == 400
    assert "Give the token a name" in answer.content.decode()


def test_revoking_works_only_on_ones_own_tokens(client, responder, other_responder):
    token_for(responder)
    theirs = AccessToken.objects.get(user=responder)
    client.force_login(other_responder)
    assert client.post(f"/tokens/{theirs.prefix}/revoke").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    client.force_login(responder)
    assert client.post(f"/tokens/{theirs.prefix}/revoke").status_code == 302
    theirs.refresh_from_db()
    assert theirs.revoked_at is not None


def test_the_page_needs_a_login(client):
    assert client.get("/tokens").status_code == 302
    assert client.post("/tokens/abc/revoke").status_code == 302


def test_times_are_valid_html_datetimes_without_microseconds(
    client, responder, lead, community_team, webhook, case
):
    """HTML's datetime allows at most three digits of a second; Django's "c" gives six."""
    import re

    from api import webhooks
    from desk import cases

    token_for(responder)
    from api.models import AccessToken

    AccessToken.objects.update(last_used_at=case.created_at)
    webhooks.add(community_team, lead, webhook.url, ["case.updated"], False)
    cases.claim(case, responder)  # one delivery in the webhook log
    client.force_login(responder)
    pages = [client.get("/tokens").content.decode()]
    client.force_login(lead)
    pages.append(client.get(f"/desk/teams/{community_team.slug}/webhooks").content.decode())
    found = [value for page in pages for value in re.findall(r'datetime="([^"]*)"', page)]
    assert len(found) == 3
    for value in found:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), value
