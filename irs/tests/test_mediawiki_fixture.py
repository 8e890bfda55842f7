"""The real MediaWiki the integration tests use behaves as the tests assume."""

import pytest
import requests

pytestmark = pytest.mark.mediawiki


def test_it_serves_the_action_api(mediawiki):
    data = mediawiki.api(action="query", meta="siteinfo")
    assert data["query"]["general"]["sitename"] == "TestWiki"
    assert data["query"]["general"]["generator"].startswith("MediaWiki 1.39")


def test_it_creates_users_with_confirmed_email(mediawiki):
    mediawiki.create_user("Fixture user", email="fixture@example.org")
    data = mediawiki.api(
        action="query",
        list="users",
        ususers="Fixture user",
        usprop="editcount|registration|groups|emailable",
    )
    user = data["query"]["users"][0]
    assert "autoconfirmed" in user["groups"]
    assert user["editcount"] == 0


def test_a_bot_password_can_log_in_and_edit(mediawiki):
    mediawiki.create_user("Fixture bot", groups=("bot",))
    lgname, lgpassword = mediawiki.create_bot_password("Fixture bot")
    session = requests.Session()
    token = session.get(
        mediawiki.api_url,
        params={"action": "query", "meta": "tokens", "type": "login", "format": "json"},
    ).json()
    login = session.post(
        mediawiki.api_url,
        data={
            "action": "login",
            "lgname": lgname,
            "lgpassword": lgpassword,
            "format": "json",
            "lgtoken": token["query"]["tokens"]["logintoken"],
        },
    ).json()
    assert login["login"]["result"] == "Success"
    csrf = session.get(
        mediawiki.api_url, params={"action": "query", "meta": "tokens", "format": "json"}
    ).json()["query"]["tokens"]
    edit = session.post(
        mediawiki.api_url,
        data={
            "action": "edit",
            "title": "Fixture page",
            "section": "new",
            "sectiontitle": "Hello",
            "text": "Body",
            "token": csrf["csrftoken"],
            "format": "json",
        },
    ).json()
    assert edit["edit"]["result"] == "Success"
    assert "Body" in mediawiki.wikitext("Fixture page")


def test_protected_pages_and_blocks_are_real(mediawiki):
    mediawiki.edit("Fixture protected", "locked")
    mediawiki.protect("Fixture protected")
    info = mediawiki.api(
        action="query", prop="info", inprop="protection", titles="Fixture protected"
    )
    assert info["query"]["pages"][0]["protection"][0]["level"] == "sysop"
    mediawiki.create_user("Fixture vandal")
    mediawiki.block("Fixture vandal")
    data = mediawiki.api(action="query", list="users", ususers="Fixture vandal", usprop="blockinfo")
    assert "blockid" in data["query"]["users"][0]


def test_it_can_be_stopped_and_started_again(mediawiki):
    mediawiki.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(mediawiki.api_url, timeout=2)
    mediawiki.start()
    assert mediawiki.api(action="query", meta="siteinfo")["query"]["general"]
