"""The reported-user suggestions answer at most 60 requests a minute per person (then 429 with
a JSON error), so they cannot be used to list a wiki's users quickly."""

import pytest

from irs import demo
from reports import throttle, views

MINUTE = 1_800_000_000.0  # the start of a minute


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """The whole test happens 30 seconds into one minute (never across two windows)."""
    monkeypatch.setattr(throttle, "_clock", lambda: MINUTE + 30)


def ask(client, wiki, prefix="Tro"):
    return client.get(f"/w/{wiki.slug}/report/users?q={prefix}")


def test_the_sixty_first_request_in_a_minute_is_refused_with_429(client, reporter, wiki):
    demo.make_user(wiki, "Troll")
    client.force_login(reporter)
    assert views.AUTOCOMPLETE_PER_MINUTE == 60
    answers = [ask(client, wiki, f"Tro{n % 3 * 'l'}") for n in range(60)]
    assert {answer.status_code for answer in answers} == {200}
    refused = ask(client, wiki)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert "too many requests" in refused.json()["error"]
    assert "users" not in refused.json()
    assert refused["Retry-After"] == "30"


def test_the_limit_is_per_person(client, reporter, other_reporter, wiki):
    client.force_login(reporter)
    for _ in range(61):
        ask(client, wiki)
    assert ask(client, wiki).status_code == 429
    client.force_login(other_reporter)
    assert ask(client, wiki).status_code == 200


def test_the_count_starts_again_in_the_next_minute(client, reporter, wiki, monkeypatch):
    client.force_login(reporter)
    for _ in range(61):
        ask(client, wiki)
    refused = ask(client, wiki)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    monkeypatch.setattr(throttle, "_clock", lambda: MINUTE + 61)
    assert ask(client, wiki).status_code == 200
