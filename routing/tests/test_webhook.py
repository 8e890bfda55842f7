"""Webhooks to a real HTTP receiver on loopback that checks the signature itself."""

import pytest

from routing.delivery import attempt
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report

pytestmark = pytest.mark.django_db


def hook(report, url, secret="test-hook") -> Delivery:
    return Delivery.objects.create(
        report=report,
        kind="webhook",
        destination={"kind": "webhook", "url": url, "secret": secret},
    )


def test_it_posts_signed_json_about_the_report(wiki, reporter, webhook):
    report = make_report(wiki, reporter)
    delivery = hook(report, webhook.url)

    assert attempt(delivery.pk).status == "sent"

    (request,) = webhook.received()
    assert request.signature_valid
    assert request.headers["X-IRS-Delivery"] == delivery.idempotency_key
    body = request.json()
    assert body["reference"] == report.reference
    assert body["reported_user"] == "Troublemaker"
    assert body["reporter"] == {"username": "Reporter", "email": "reporter@example.org"}
    assert body["delivery"] == delivery.idempotency_key
    delivery.refresh_from_db()
    assert delivery.external_ref == "HTTP 200"


def test_a_receiver_with_another_secret_rejects_the_signature(wiki, reporter, webhook, monkeypatch):
    monkeypatch.setenv("IRS_SECRET_OTHER_HOOK", "not-the-receivers-secret")
    monkeypatch.setenv("IRS_SECRET_OTHER_HOOK_WIKIS", wiki.slug)

    attempt(hook(make_report(wiki, reporter), webhook.url, secret="other-hook").pk)

    assert webhook.received()[0].signature_valid is False


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
def test_a_client_error_is_permanent(wiki, reporter, webhook, status):
    webhook.respond_with(status)
    delivery = hook(make_report(wiki, reporter), webhook.url)

    assert attempt(delivery.pk).status == "dead"
    delivery.refresh_from_db()
    assert f"HTTP {status}" in delivery.last_error and delivery.attempts == 1


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503])
def test_a_server_error_timeout_or_rate_limit_is_retried(wiki, reporter, webhook, status, settings):
    settings.IRS_DELIVERY_BACKOFF_BASE = 0
    webhook.respond_with(status)
    delivery = hook(make_report(wiki, reporter), webhook.url)

    assert attempt(delivery.pk).status == "retry"
    assert attempt(delivery.pk).status == "sent"
    assert len(webhook.received()) == 2


def test_an_unreachable_receiver_is_retried(wiki, reporter, webhook):
    from testing.servers import free_port

    delivery = hook(make_report(wiki, reporter), f"http://127.0.0.1:{free_port()}/hook")

    assert attempt(delivery.pk).status == "retry"
    delivery.refresh_from_db()
    assert "unreachable" in delivery.last_error


def test_a_missing_secret_is_permanent_and_names_the_variable(wiki, reporter, webhook):
    delivery = hook(make_report(wiki, reporter), webhook.url, secret="never-set")

    assert attempt(delivery.pk).status == "dead"
    delivery.refresh_from_db()
    assert "IRS_SECRET_NEVER_SET" in delivery.last_error
    assert webhook.received() == []


def test_plain_http_and_loopback_are_refused_outside_tests(wiki, reporter, webhook, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    insecure = hook(make_report(wiki, reporter), webhook.url)
    loopback = hook(make_report(wiki, reporter), "https://127.0.0.1/hook")

    assert attempt(insecure.pk).status == "dead"
    assert attempt(loopback.pk).status == "dead"
    loopback.refresh_from_db()
    assert "loopback" in loopback.last_error
    assert webhook.received() == []
    assert Delivery.objects.filter(status=DeliveryStatus.DEAD).count() == 2


@pytest.mark.parametrize(
    "url",
    [
        "https://100.100.100.200/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:10.0.0.1]/hook",
    ],
)
def test_a_webhook_to_a_metadata_or_shared_address_is_refused(
    wiki, reporter, webhook, settings, url
):
    from irs.outbound import problem_with_url

    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    assert problem_with_url(url) is not None
    delivery = hook(make_report(wiki, reporter), url)

    assert attempt(delivery.pk).status == "dead"
    delivery.refresh_from_db()
    assert "private or loopback" in delivery.last_error


def test_a_webhook_host_that_does_not_resolve_is_refused_when_the_config_is_saved(wiki, webhook):
    from wikis.validation import validate_config

    config = wiki.config
    config["non_emergency"]["types"][0]["direct_report"] = {
        "enabled": True,
        "destinations": [
            {"kind": "webhook", "url": "https://helpdesk.invalid/hook", "secret": "test-hook"}
        ],
    }
    result = validate_config(config, wiki=wiki.slug, check_titles=False)
    assert [e.message for e in result.errors] == ["Webhook URL refused: the host does not resolve."]
