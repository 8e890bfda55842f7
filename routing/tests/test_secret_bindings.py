"""Credentials and signing secrets are bound by the operators to the wikis (and the API) that
may use them: a wiki's admins cannot make IRS send another wiki's bot password, or sign with
another wiki's secret, wherever they point their configuration."""

import json
from http.server import BaseHTTPRequestHandler

import pytest

from routing.channels.base import DeliveryError
from routing.channels.noticeboard import NoticeboardChannel
from routing.delivery import attempt
from routing.models import Delivery
from routing.tests.conftest import make_report, set_routes, set_wiki_facts
from testing.servers import serving
from wikis.validation import validate_config

pytestmark = pytest.mark.django_db

ENWIKI_API = "https://en.wikipedia.org/w/api.php"
BOARD_PAGE = "Project:Incidents"
HELPDESK = "https://93.184.216.34/hook"  # a public address (never called by these tests)


@pytest.fixture
def enwiki_bot(monkeypatch):
    """A bot password the operators hold for enwiki only."""
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_USER", "EnwikiBot@irs")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_PASSWORD", "s3cr3t-bot-password-of-enwiki")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_WIKIS", "enwiki")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_API", ENWIKI_API)


@pytest.fixture
def fake_api(settings):
    """A loopback 'wiki API' under an admin's control: records every request it gets."""
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            hits.append((self.command, self.path, self.rfile.read(length).decode()))
            body = json.dumps(
                {"query": {"tokens": {"logintoken": "t+\\"}}, "login": {"result": "Success"}}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args):
            pass

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}/w/api.php", hits


def _public_spam_to(config, destination):
    for entry in config["non_emergency"]["types"]:
        if entry["key"] == "spam":
            entry["public"] = True
            entry["direct_report"] = {"enabled": True, "destinations": [destination]}
    return config


def _post_raw(client, wiki, config):
    base = client.get(f"/w/{wiki.slug}/config/raw").context["base_id"]
    return client.post(
        f"/w/{wiki.slug}/config/raw", {"raw": json.dumps(config), "base": base, "summary": "x"}
    )


def test_a_wiki_admin_cannot_save_a_config_naming_another_wikis_credential(
    client, wiki, wiki_admin, enwiki_bot
):
    config = _public_spam_to(
        wiki.config, {"kind": "noticeboard", "page": BOARD_PAGE, "credential": "enwiki-bot"}
    )
    config["wiki"]["api_url"] = "https://attacker.invalid/w/api.php"
    client.force_login(wiki_admin)

    response = _post_raw(client, wiki, config)

    assert response.status_code == 422
    assert "no bot credential named “enwiki-bot” for this wiki" in response.content.decode()
    assert wiki.config_revisions.count() == 1


def test_an_unknown_credential_gets_the_same_answer_as_another_wikis(wiki, enwiki_bot):
    answers = set()
    for name in ("enwiki-bot", "no-such-bot"):
        config = _public_spam_to(
            wiki.config, {"kind": "noticeboard", "page": BOARD_PAGE, "credential": name}
        )
        result = validate_config(config, wiki=wiki.slug, check_titles=False)
        answers.add(result.errors[0].message.replace(name, "NAME"))
    assert len(answers) == 1


def test_a_credential_bound_to_the_wiki_is_accepted_only_with_its_api_url(wiki, monkeypatch):
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_USER", "DemoBot@irs")
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_PASSWORD", "pw")
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_WIKIS", "otherwiki, demowiki")
    monkeypatch.setenv("IRS_CREDENTIAL_DEMO_BOT_API", "https://DemoWiki.example.org/w/api.php")
    config = _public_spam_to(
        wiki.config, {"kind": "noticeboard", "page": BOARD_PAGE, "credential": "demo-bot"}
    )

    assert validate_config(config, wiki=wiki.slug, check_titles=False).ok

    config["wiki"]["api_url"] = "https://attacker.example.net/w/api.php"
    result = validate_config(config, wiki=wiki.slug, check_titles=False)
    assert [e.pointer for e in result.errors] == [
        "/non_emergency/types/5/direct_report/destinations/0"
    ]
    assert "API address the operators set" in result.errors[0].message


def test_the_noticeboard_never_logs_in_anywhere_but_the_bound_api(
    wiki, reporter, enwiki_bot, monkeypatch, fake_api
):
    """The wiki's config points at the admin's server: nothing at all is sent there."""
    url, hits = fake_api
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_WIKIS", "enwiki demowiki")  # even if bound
    set_wiki_facts(wiki, api_url=url)
    destination = {"kind": "noticeboard", "page": BOARD_PAGE, "credential": "enwiki-bot"}
    set_routes(wiki, "spam", [destination], public=True)
    delivery = Delivery.objects.create(
        report=make_report(wiki, reporter, incident_type="spam"),
        kind="noticeboard",
        destination=destination,
    )

    with pytest.raises(DeliveryError) as failure:
        NoticeboardChannel(destination).send(delivery)

    assert failure.value.permanent
    assert "IRS_CREDENTIAL_ENWIKI_BOT_API" in str(failure.value)
    assert hits == []


def test_the_noticeboard_refuses_a_credential_bound_to_another_wiki(
    wiki, reporter, enwiki_bot, monkeypatch, fake_api
):
    url, hits = fake_api
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_API", url)  # the API matches; the wiki not
    set_wiki_facts(wiki, api_url=url)
    destination = {"kind": "noticeboard", "page": BOARD_PAGE, "credential": "enwiki-bot"}
    set_routes(wiki, "spam", [destination], public=True)
    delivery = Delivery.objects.create(
        report=make_report(wiki, reporter, incident_type="spam"),
        kind="noticeboard",
        destination=destination,
    )

    assert attempt(delivery.pk).status == "dead"

    delivery.refresh_from_db()
    assert "not configured for wiki 'demowiki'" in delivery.last_error
    assert hits == []


def test_a_signing_secret_bound_to_another_wiki_is_never_used(
    client, wiki, wiki_admin, reporter, webhook, monkeypatch
):
    monkeypatch.setenv("IRS_SECRET_OTHER_HMAC", "other-wikis-signing-secret")
    monkeypatch.setenv("IRS_SECRET_OTHER_HMAC_WIKIS", "otherwiki")
    destination = {"kind": "webhook", "url": HELPDESK, "secret": "other-hmac"}
    config = wiki.config
    config["non_emergency"]["types"][0]["direct_report"] = {
        "enabled": True,
        "destinations": [destination],
    }
    client.force_login(wiki_admin)

    response = _post_raw(client, wiki, config)
    assert response.status_code == 422
    assert "no secret named “other-hmac” for this wiki" in response.content.decode()

    delivery = Delivery.objects.create(
        report=make_report(wiki, reporter),
        kind="webhook",
        destination={**destination, "url": webhook.url},
    )
    assert attempt(delivery.pk).status == "dead"
    delivery.refresh_from_db()
    assert "IRS_SECRET_OTHER_HMAC_WIKIS" in delivery.last_error
    assert webhook.received() == []


def test_a_signing_secret_bound_to_the_wiki_can_be_saved(client, wiki, wiki_admin, webhook):
    config = wiki.config
    config["non_emergency"]["types"][0]["direct_report"] = {
        "enabled": True,
        "destinations": [{"kind": "webhook", "url": HELPDESK, "secret": "test-hook"}],
    }
    client.force_login(wiki_admin)

    assert _post_raw(client, wiki, config).status_code == 302


def test_djangos_own_secret_key_is_never_a_webhook_secret(wiki, monkeypatch):
    from routing import secrets

    monkeypatch.setenv("IRS_SECRET_KEY", "django-signing-key")
    monkeypatch.setenv("IRS_SECRET_KEY_WIKIS", wiki.slug)
    assert not secrets.secret_bound("key", wiki)
    with pytest.raises(DeliveryError):
        secrets.secret("key", wiki)


def test_the_system_check_warns_about_a_secret_bound_to_no_wiki(monkeypatch):
    from routing.checks import unbound_secrets

    monkeypatch.setenv("IRS_CREDENTIAL_LONELY_BOT_USER", "Bot@irs")
    monkeypatch.setenv("IRS_CREDENTIAL_LONELY_BOT_PASSWORD", "pw")
    monkeypatch.setenv("IRS_SECRET_LONELY_HMAC", "s")
    warned = {warning.msg.split()[0] for warning in unbound_secrets()}
    assert {"IRS_CREDENTIAL_LONELY_BOT", "IRS_SECRET_LONELY_HMAC"} <= warned
    monkeypatch.setenv("IRS_SECRET_LONELY_HMAC_WIKIS", "demowiki")
    assert "IRS_SECRET_LONELY_HMAC" not in {w.msg.split()[0] for w in unbound_secrets()}
