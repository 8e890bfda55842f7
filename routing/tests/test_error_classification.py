"""Temporary answers are retried (honouring how long the far end asked to wait), permanent
ones are not: against the real SMTP server and the real MediaWiki (read-only through
$wgReadOnly; 503/429 and maxlag through a loopback proxy in front of it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from irs.outbound import retry_after
from routing.channels.base import DeliveryError
from routing.channels.email import EmailChannel
from routing.channels.noticeboard import NoticeboardChannel
from routing.delivery import attempt
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import BOARD, make_report, set_wiki_facts
from testing.wikiproxy import wiki_proxy

pytestmark = pytest.mark.django_db


def email_delivery(report, to="r@example.org") -> Delivery:
    destination = {"kind": "email", "to": [to]}
    return Delivery.objects.create(report=report, kind="email", destination=destination)


@pytest.mark.parametrize(
    ("stage", "code", "permanent"),
    [("mail", 451, False), ("mail", 421, False), ("mail", 550, True),
     ("data", 451, False), ("data", 452, False), ("data", 554, True)],
)  # fmt: skip
def test_smtp_answers_at_mail_from_and_data_are_classified_by_their_code(
    smtp, wiki, reporter, stage, code, permanent
):
    smtp.answer(stage, f"{code} {'4.3.0' if code < 500 else '5.7.1'} said the server")
    item = email_delivery(make_report(wiki, reporter))
    with pytest.raises(DeliveryError) as failure:
        EmailChannel(item.destination).send(item)
    assert failure.value.permanent is permanent
    assert str(code) in str(failure.value)
    assert smtp.captured() == []


def test_a_4xx_at_data_is_retried_and_arrives_once_the_server_accepts(smtp, wiki, reporter):
    smtp.answer("data", "451 4.3.0 Try again later")
    item = email_delivery(make_report(wiki, reporter))
    assert attempt(item.pk).status == "retry"
    smtp.answer("data", None)
    Delivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert attempt(item.pk).status == "sent"
    assert len(smtp.captured()) == 1


# --- MediaWiki ---------------------------------------------------------------------------


def noticeboard_delivery(report) -> Delivery:
    destination = {"kind": "noticeboard", "page": BOARD, "credential": "testwiki-bot"}
    return Delivery.objects.create(report=report, kind="noticeboard", destination=destination)


@pytest.fixture
def proxied_board(board, wiki, monkeypatch, settings):
    """The noticeboard's wiki reached through the proxy (the credential bound to it)."""
    settings.IRS_DELIVERY_BACKOFF_BASE = 0.01
    settings.IRS_DELIVERY_BACKOFF_CAP = 3600
    with wiki_proxy(board) as proxy:
        monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_API", proxy.api_url)
        set_wiki_facts(wiki, api_url=proxy.api_url)
        yield proxy


@pytest.mark.mediawiki
def test_a_read_only_wiki_is_a_temporary_failure(board, wiki, reporter):
    item = noticeboard_delivery(make_report(wiki, reporter))
    with board.read_only("Upgrading the database"), pytest.raises(DeliveryError) as failure:
        NoticeboardChannel(item.destination).send(item)
    assert failure.value.permanent is False
    assert "readonly" in str(failure.value)
    assert f"Report {item.report.reference}" not in board.wikitext(BOARD)


@pytest.mark.mediawiki
def test_a_read_only_wiki_is_retried_and_posted_once_it_is_writable(board, wiki, reporter):
    item = noticeboard_delivery(make_report(wiki, reporter))
    with board.read_only():
        assert attempt(item.pk).status == "retry"
    Delivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert attempt(item.pk).status == "sent"
    assert board.wikitext(BOARD).count(f"Report {item.report.reference}") == 1


@pytest.mark.mediawiki
@pytest.mark.parametrize("status", [503, 502, 429, 408])
def test_overloaded_answers_are_retried_no_sooner_than_retry_after(
    proxied_board, wiki, reporter, status
):
    item = noticeboard_delivery(make_report(wiki, reporter))
    proxied_board.refuse(status, retry_after=600)
    before = timezone.now()
    outcome = attempt(item.pk)
    assert outcome.status == "retry" and str(status) in outcome.error
    assert outcome.retry_at >= before + timedelta(seconds=600)
    assert Delivery.objects.get(pk=item.pk).next_attempt_at == outcome.retry_at


@pytest.mark.mediawiki
def test_without_retry_after_the_usual_backoff_applies(proxied_board, wiki, reporter):
    item = noticeboard_delivery(make_report(wiki, reporter))
    proxied_board.refuse(503)
    outcome = attempt(item.pk)
    assert outcome.status == "retry"
    assert outcome.retry_at < timezone.now() + timedelta(seconds=5)


@pytest.mark.mediawiki
def test_a_4xx_from_the_wiki_is_permanent(proxied_board, wiki, reporter):
    item = noticeboard_delivery(make_report(wiki, reporter))
    proxied_board.refuse(403)
    assert attempt(item.pk).status == "dead"


@pytest.mark.mediawiki
def test_maxlag_from_the_real_wiki_is_retried_after_the_lag_it_reports(
    proxied_board, wiki, reporter
):
    """MediaWiki's own maxlag refusal (its Retry-After is at least 5 seconds)."""
    item = noticeboard_delivery(make_report(wiki, reporter))
    proxied_board.force_maxlag = True
    before = timezone.now()
    outcome = attempt(item.pk)
    assert outcome.status == "retry" and "maxlag" in outcome.error
    assert outcome.retry_at >= before + timedelta(seconds=5)
    proxied_board.force_maxlag = False
    Delivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert attempt(item.pk).status == "sent"
    assert Delivery.objects.get(pk=item.pk).status == DeliveryStatus.SENT


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after({"Retry-After": "120"}) == 120
    assert retry_after({}) is None and retry_after({"Retry-After": "soon"}) is None
    later = timezone.now() + timedelta(seconds=300)
    stamp = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 290 <= retry_after({"Retry-After": stamp}) <= 301
    assert retry_after({"Retry-After": "Mon, 01 Jan 2001 00:00:00 GMT"}) == 0


@pytest.mark.parametrize("status", [503, 429])
def test_a_webhook_asking_to_wait_is_retried_no_sooner(
    webhook, insecure_urls, settings, wiki, reporter, status
):
    settings.IRS_DELIVERY_BACKOFF_BASE = 0.01
    destination = {"kind": "webhook", "url": webhook.url, "secret": "test-hook"}
    item = Delivery.objects.create(
        report=make_report(wiki, reporter), kind="webhook", destination=destination
    )
    webhook.respond_with(status, retry_after="900")
    before = timezone.now()
    outcome = attempt(item.pk)
    assert outcome.status == "retry"
    assert outcome.retry_at >= before + timedelta(seconds=900)
