"""What an OAuth profile and the operators' client settings are allowed to say, at their edges
(written against the mutants bin/mutants found: each test names the limit it holds)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.oauth import (
    BadProfile,
    OAuthClient,
    client_for,
    configured_clients,
    parse_mw_timestamp,
    profile_facts,
)


def profile(**fields):
    values = {"sub": 4242, "username": "Someone"}
    values.update(fields)
    return values


def test_a_profile_must_be_a_json_object():
    for answer in (None, [], "Someone", 4242):
        with pytest.raises(BadProfile, match="^profile is not a JSON object$"):
            profile_facts(answer)


def test_the_username_is_a_non_blank_string_of_at_most_255_characters():
    assert profile_facts(profile(username="  Someone  "))["username"] == "Someone"
    assert profile_facts(profile(username="U" * 255))["username"] == "U" * 255
    for username in ("U" * 256, "   ", "", None, 42, ["Someone"]):
        with pytest.raises(BadProfile, match="^profile has no valid username$"):
            profile_facts(profile(username=username))


def test_the_sub_is_present_and_at_most_64_characters():
    assert profile_facts(profile(sub=4242))["sub"] == "4242"
    assert profile_facts(profile(sub="s" * 64))["sub"] == "s" * 64
    assert profile_facts(profile(sub=0))["sub"] == "0"
    for sub in ("s" * 65, "", None):
        with pytest.raises(BadProfile, match="^profile has no valid sub$"):
            profile_facts(profile(sub=sub))
    missing = profile()
    del missing["sub"]
    with pytest.raises(BadProfile, match="^profile has no valid sub$"):
        profile_facts(missing)


def test_the_edit_count_is_a_non_negative_integer_or_zero():
    assert profile_facts(profile())["edit_count"] == 0
    assert profile_facts(profile(editcount=7))["edit_count"] == 7
    assert profile_facts(profile(editcount=1))["edit_count"] == 1
    for editcount in (-1, "7", 7.0, None):
        assert profile_facts(profile(editcount=editcount))["edit_count"] == 0


def test_groups_are_a_list_of_strings_each_cut_to_64_characters_at_most_100_of_them():
    assert profile_facts(profile())["groups"] == []
    assert profile_facts(profile(groups="sysop"))["groups"] == []
    assert profile_facts(profile(groups={"sysop": True}))["groups"] == []
    assert profile_facts(profile(groups=["user", 5, None, "sysop"]))["groups"] == ["user", "sysop"]
    assert profile_facts(profile(groups=["g" * 65]))["groups"] == ["g" * 64]
    many = [f"group{number}" for number in range(101)]
    assert profile_facts(profile(groups=many))["groups"] == many[:100]


def test_the_email_is_a_string_of_at_most_254_characters_else_none():
    at_most = "a" * 242 + "@example.org"
    assert len(at_most) == 254
    assert profile_facts(profile(email=at_most))["email"] == at_most
    assert profile_facts(profile(email="a" + at_most))["email"] == ""
    assert profile_facts(profile(email=["someone@example.org"]))["email"] == ""
    assert profile_facts(profile())["email"] == ""


def test_only_a_literal_true_confirms_an_email_or_a_block():
    facts = profile_facts(profile(confirmed_email=True, blocked=True))
    assert facts["email_confirmed"] is True and facts["blocked"] is True
    for claimed in ("true", 1, "yes", None):
        facts = profile_facts(profile(confirmed_email=claimed, blocked=claimed))
        assert facts["email_confirmed"] is False and facts["blocked"] is False


def test_the_registration_date_is_read_from_the_profile():
    facts = profile_facts(profile(registered="20261124123456"))
    assert facts["registered_at"] == datetime(2026, 11, 24, 12, 34, 56, tzinfo=UTC)
    assert profile_facts(profile())["registered_at"] is None


def test_mediawiki_timestamps_in_both_forms_and_nothing_else():
    moment = datetime(2026, 11, 24, 12, 34, 56, tzinfo=UTC)
    assert parse_mw_timestamp("20261124123456") == moment
    assert parse_mw_timestamp(" 20261124123456\n") == moment
    assert parse_mw_timestamp("2026-11-24T12:34:56Z") == moment
    assert parse_mw_timestamp("2026-11-24T13:34:56+01:00") == moment
    assert parse_mw_timestamp("20261124123456").tzinfo is UTC
    bad = ("", None, 20261124123456, "20261324123456", "yesterday", "2026-13-01T00:00:00Z")
    # Forms fromisoformat reads as naive times (a comparison with an aware one would raise).
    naive = ("2026112412345", "20261124", "2026-11-24", "2026-11-24T12:34:56", "2026-11-24 12:34")
    for value in (*bad, *naive):
        assert parse_mw_timestamp(value) is None, value


@pytest.fixture
def clean_oauth_env(monkeypatch):
    for name in ("CLIENTS", "META_CLIENT_ID", "META_CLIENT_SECRET", "META_WIKIS", "META_REST_URL"):
        monkeypatch.delenv(f"IRS_OAUTH_{name}", raising=False)
    return monkeypatch


def test_a_client_is_read_from_its_variables(clean_oauth_env):
    env = clean_oauth_env
    env.setenv("IRS_OAUTH_CLIENTS", "meta")
    env.setenv("IRS_OAUTH_META_CLIENT_ID", " the-key ")
    env.setenv("IRS_OAUTH_META_CLIENT_SECRET", " the-secret ")
    env.setenv("IRS_OAUTH_META_WIKIS", "testwiki, otherwiki")
    env.setenv("IRS_OAUTH_META_REST_URL", " https://meta.example.org/w/rest.php/ ")
    (client,) = configured_clients()
    assert client == OAuthClient(
        name="meta",
        client_id="the-key",
        client_secret="the-secret",
        wikis=("testwiki", "otherwiki"),
        rest_url="https://meta.example.org/w/rest.php/",
    )
    assert client.issuer == "https://meta.example.org/w/rest.php"
    assert client.token_url(None) == "https://meta.example.org/w/rest.php/oauth2/access_token"


def test_a_client_serves_its_own_wiki_by_default_and_a_public_client_has_no_secret(
    clean_oauth_env,
):
    env = clean_oauth_env
    env.setenv("IRS_OAUTH_CLIENTS", "meta")
    env.setenv("IRS_OAUTH_META_CLIENT_ID", "the-key")
    env.setenv("IRS_OAUTH_META_REST_URL", "http://127.0.0.1:8080/rest.php")
    (client,) = configured_clients()
    assert client.wikis == ("meta",) and client.client_secret == ""


def test_a_client_name_with_other_characters_reads_underscored_variables(monkeypatch):
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", "meta-wiki.1")
    monkeypatch.setenv("IRS_OAUTH_META_WIKI_1_CLIENT_ID", "the-key")
    monkeypatch.setenv("IRS_OAUTH_META_WIKI_1_REST_URL", "https://meta.example.org/w/rest.php")
    (client,) = configured_clients()
    assert client.name == "meta-wiki.1" and client.client_id == "the-key"


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"REST_URL": "https://meta.example.org/w/rest.php"}, "META_CLIENT_ID must be set"),
        (
            {"CLIENT_ID": "  ", "REST_URL": "https://meta.example.org/w/rest.php"},
            "IRS_OAUTH_META_CLIENT_ID must be set",
        ),
        ({"CLIENT_ID": "the-key"}, "IRS_OAUTH_META_REST_URL must be set"),
        ({"CLIENT_ID": "the-key", "REST_URL": " "}, "IRS_OAUTH_META_REST_URL must be set"),
        ({"CLIENT_ID": "the-key", "REST_URL": "ftp://meta.example.org/"}, "http(s) URL"),
        ({"CLIENT_ID": "the-key", "REST_URL": "https:///rest.php"}, "http(s) URL"),
        ({"CLIENT_ID": "the-key", "REST_URL": "see https://meta.example.org"}, "http(s) URL"),
    ],
)
def test_an_incomplete_client_is_refused_with_the_variable_to_set(
    clean_oauth_env, variables, named
):
    env = clean_oauth_env
    env.setenv("IRS_OAUTH_CLIENTS", "meta")
    for name, value in variables.items():
        env.setenv(f"IRS_OAUTH_META_{name}", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        configured_clients()
    assert named in str(refused.value)


class Wiki:
    def __init__(self, slug):
        self.slug = slug


def test_the_first_client_serving_a_wiki_logs_in_for_it(monkeypatch):
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", "testwiki,central")
    for name in ("TESTWIKI", "CENTRAL"):
        monkeypatch.setenv(f"IRS_OAUTH_{name}_CLIENT_ID", f"{name.lower()}-key")
        monkeypatch.setenv(f"IRS_OAUTH_{name}_REST_URL", f"https://{name.lower()}.example.org")
    monkeypatch.delenv("IRS_OAUTH_TESTWIKI_WIKIS", raising=False)
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_WIKIS", "*")
    assert client_for(Wiki("testwiki")).name == "testwiki"
    assert client_for(Wiki("otherwiki")).name == "central"
    monkeypatch.setenv("IRS_OAUTH_CENTRAL_WIKIS", "thirdwiki")
    assert client_for(Wiki("otherwiki")) is None
    assert client_for(Wiki("thirdwiki")).name == "central"
