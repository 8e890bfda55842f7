"""Role-aware navigation: where login lands each persona, their header links, and who may
open the operators' page."""

import pytest

from irs import demo

LOGIN = "/accounts/login/"


def _login(client, username):
    return client.post(LOGIN, {"username": username, "password": demo.DEMO_PASSWORD}, follow=True)


@pytest.fixture
def seeded(db):
    return demo.seed_demo()


@pytest.mark.parametrize(
    "username, landing",
    [
        ("Operator", "/operators/"),
        ("Responder", "/desk/"),
        ("Safety", "/desk/"),
        ("WikiAdmin", "/w/demowiki/config"),
        ("Reporter", "/"),
        ("Blocked", "/"),
    ],
)
def test_login_lands_each_persona_where_their_work_is(client, seeded, username, landing):
    response = _login(client, username)
    assert response.redirect_chain[0] == ("/start", 302)
    assert response.redirect_chain[-1] == (landing, 302)
    assert response.status_code == 200


def test_a_page_asked_for_wins_over_the_landing(client, seeded):
    response = client.post(
        LOGIN + "?next=/w/demowiki/report",
        {"username": "Responder", "password": demo.DEMO_PASSWORD},
    )
    assert response.headers["Location"] == "/w/demowiki/report"


def test_the_home_page_login_link_asks_for_no_page(client, seeded):
    """From the home page, login goes to the landing; from any other page, back to it."""
    home = client.get("/").content.decode()
    assert f'href="{LOGIN}"' in home
    page = client.get("/w/demowiki/config").content.decode()
    assert f'href="{LOGIN}?next=/w/demowiki/config"' in page


def test_the_landing_needs_a_login(client, seeded):
    response = client.get("/start")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "username, present, absent",
    [
        ("Operator", ["/operators/", "/desk/"], []),
        ("Responder", ["/desk/"], ["/operators/", "/w/demowiki/config"]),
        ("WikiAdmin", ["/w/demowiki/config"], ["/operators/", "/desk/"]),
        ("Reporter", ["/my-reports"], ["/operators/", "/desk/", "/w/demowiki/config"]),
    ],
)
def test_header_links_follow_the_role(client, seeded, username, present, absent):
    _login(client, username)
    header = client.get("/").content.decode().split("</header>")[0]
    for href in present:
        assert f'href="{href}"' in header, href
    for href in absent:
        assert f'href="{href}"' not in header, href


@pytest.mark.parametrize(
    "username, status", [("Operator", 200), ("Responder", 404), ("Safety", 404),
                         ("WikiAdmin", 404), ("Reporter", 404)]
)  # fmt: skip
def test_only_operators_open_the_operators_page(client, seeded, username, status):
    _login(client, username)
    assert client.get("/operators/").status_code == status


def test_anonymous_visitors_are_sent_to_login_from_the_operators_page(client, seeded):
    response = client.get("/operators/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_the_operators_page_shows_wikis_teams_deliveries_credentials_and_checks(
    client, seeded, monkeypatch
):
    from routing.models import Delivery, DeliveryStatus
    from wikis.revisions import save_config

    wiki = seeded
    config = wiki.config
    trolling = next(t for t in config["non_emergency"]["types"] if t["key"] == "trolling")
    trolling["public"] = True
    trolling["direct_report"] = {
        "enabled": True,
        "destinations": [
            {"kind": "noticeboard", "page": "Project:Incidents", "credential": "demo-bot"}
        ],
    }
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_USER", "Bot@irs")
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_PASSWORD", "x" * 32)
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_API", "https://demowiki.example.org/w/api.php")
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_WIKIS", "demowiki")
    save_config(wiki, config, actor_name="test", check_titles=False, summary="noticeboard")
    Delivery.objects.create(kind="email", destination={"to": ["a@example.org"]},
                            status=DeliveryStatus.DEAD, last_error="refused")  # fmt: skip
    _login(client, "Operator")
    page = client.get("/operators/").content.decode()
    assert 'href="/w/demowiki/config"' in page
    assert "WikiAdmin" in page  # the wiki's configuration admin
    assert "demowiki-responders" in page and "Responder" in page
    assert "1 failed delivery" in page
    assert "IRS_CREDENTIAL_DEMO_BOT" in page
    assert "No: deliveries that need it fail" not in page
    # The operators take the bot password away from the wiki: the page says so.
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_WIKIS", "otherwiki")
    page = client.get("/operators/").content.decode()
    assert "No: deliveries that need it fail" in page
    # The tests run with debug off and a test key: the deployment checks warn about HTTPS.
    assert "security.W004" in page or "security.W008" in page
