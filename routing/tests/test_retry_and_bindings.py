"""An operator's retry keeps an emergency first in the queue, and what a wiki's admins read
when their configuration names a credential or a secret the operators did not bind to their
wiki (written against the mutants bin/mutants found in routing/delivery.py and
routing/channels/)."""

import pytest
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from reports.models import Flow
from routing.channels.noticeboard import NoticeboardChannel
from routing.channels.webhook import WebhookChannel
from routing.delivery import retry_dead
from routing.models import Delivery, DeliveryStatus
from routing.tasks import EMERGENCY_PRIORITY
from routing.tests.conftest import make_report

pytestmark = pytest.mark.django_db

ENWIKI_API = "https://en.wikipedia.org/w/api.php"
HELPDESK = "https://93.184.216.34/hook"  # a public address (never called by these tests)


def dead_delivery(report, **fields) -> Delivery:
    values = {
        "report": report,
        "kind": "email",
        "destination": {"kind": "email", "to": ["x@example.org"]},
        "status": DeliveryStatus.DEAD,
        "attempts": 12,
        "last_error": "SMTP 550",
    }
    values.update(fields)
    return Delivery.objects.create(**values)


def queued_priority(delivery) -> int:
    (task,) = DBTaskResult.objects.filter(
        task_path="routing.tasks.send_delivery", args_kwargs__args__0=delivery.pk
    )
    return task.priority


def test_a_retried_emergency_delivery_is_queued_first_and_others_normally(
    wiki, reporter, django_capture_on_commit_callbacks
):
    emergency = dead_delivery(make_report(wiki, reporter, flow=Flow.EMERGENCY))
    ordinary = dead_delivery(make_report(wiki, reporter))
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_dead(emergency) is True
        assert retry_dead(ordinary) is True
    assert queued_priority(emergency) == EMERGENCY_PRIORITY
    assert queued_priority(ordinary) < EMERGENCY_PRIORITY


def test_only_a_dead_delivery_is_retried(wiki, reporter, django_capture_on_commit_callbacks):
    sent = dead_delivery(make_report(wiki, reporter), status=DeliveryStatus.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_dead(sent) is False
    assert not DBTaskResult.objects.exists()
    assert Delivery.objects.get(pk=sent.pk).status == DeliveryStatus.SENT


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def enwiki_bot(monkeypatch):
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_USER", "EnwikiBot@irs")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_PASSWORD", "s3cr3t-bot-password-of-enwiki")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_WIKIS", "enwiki")
    monkeypatch.setenv("IRS_CREDENTIAL_ENWIKI_BOT_API", ENWIKI_API)


def test_a_noticeboard_credential_must_be_bound_to_the_wiki_and_its_api(english, enwiki_bot):
    board = {"page": "Project:Incidents", "credential": "enwiki-bot"}
    config = {"wiki": {"api_url": ENWIKI_API}}
    assert NoticeboardChannel.check_for_wiki(board, "enwiki", config) == []
    assert NoticeboardChannel.check_for_wiki(board, "dewiki", config) == [
        "The operators hold no bot credential named “enwiki-bot” for this wiki. Ask them to "
        "set it up for this wiki first."
    ]
    wrong_api = (
        "The bot credential “enwiki-bot” may only be used with the API address the operators "
        "set for it, and the wiki's API URL is a different one."
    )
    for elsewhere in ({"wiki": {"api_url": "https://evil.example.org/w/api.php"}}, {}, None):
        assert NoticeboardChannel.check_for_wiki(board, "enwiki", elsewhere) == [wrong_api]


def test_a_webhook_secret_must_be_bound_to_the_wiki(english, monkeypatch):
    monkeypatch.setenv("IRS_SECRET_HELPDESK_HMAC", "a-long-random-secret")
    monkeypatch.setenv("IRS_SECRET_HELPDESK_HMAC_WIKIS", "enwiki")
    hook = {"url": HELPDESK, "secret": "helpdesk-hmac"}
    assert WebhookChannel.check_for_wiki(hook, "enwiki", {}) == []
    assert WebhookChannel.check_for_wiki(hook, "dewiki", {}) == [
        "The operators hold no secret named “helpdesk-hmac” for this wiki. Ask them to set it "
        "up for this wiki first."
    ]
