"""routing.notices: a notification email is one outbox row per recipient."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from routing import delivery as sending
from routing import notices, outbox, registry
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report

pytestmark = pytest.mark.django_db

TEMPLATE = "desk/email/reporter_message"  # any templates will do; these exist


def test_a_notice_is_rendered_in_its_language_when_it_is_queued(wiki, reporter):
    report = make_report(wiki, reporter)
    item = notices.enqueue(
        "r@example.org", TEMPLATE, {"report": report, "url": "https://x/y"}, language="pt"
    )
    assert item.kind == "notice" and item.status == DeliveryStatus.PENDING and item.report is None
    assert item.destination["to"] == ["r@example.org"]
    assert item.destination["subject"].startswith("Nova mensagem")
    assert "https://x/y" in item.destination["text"]
    assert "html" not in item.destination  # no .html template: text only

    assert sending.attempt(item.pk).status == "sent"
    (message,) = mail.outbox
    assert (
        message.subject == item.destination["subject"] and message.body == item.destination["text"]
    )
    assert message.extra_headers["Message-ID"].startswith(f"<{item.idempotency_key}.")
    assert message.alternatives == []


def test_an_html_template_is_attached_when_there_is_one(wiki, reporter, settings, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "hello_subject.txt").write_text("Hello\n  {{ name }}\n")
    (tmp_path / "t" / "hello.txt").write_text("Hi {{ name }}")
    (tmp_path / "t" / "hello.html").write_text("<p>Hi {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    item = notices.enqueue("r@example.org", "t/hello", {"name": "<Ann>"}, language="en")
    assert item.destination["subject"] == "Hello &lt;Ann&gt;"
    sending.attempt(item.pk)
    assert mail.outbox[0].alternatives[0] == ("<p>Hi &lt;Ann&gt;</p>", "text/html")


def test_an_empty_address_sends_nothing(wiki, reporter):
    assert notices.enqueue("", TEMPLATE, {}, language="en") is None
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("address", ["not an address", "a@b.org\nBcc: c@d.org"])
def test_an_invalid_address_is_a_dead_row_that_says_why(address):
    item = notices.enqueue(address, TEMPLATE, {}, language="en")
    assert item.status == DeliveryStatus.DEAD and "not a valid email address" in item.last_error
    assert DBTaskResult.objects.count() == 0


def test_the_send_task_is_queued_once_the_transaction_commits(
    django_capture_on_commit_callbacks, wiki, reporter
):
    report = make_report(wiki, reporter, flow="emergency", incident_type="")
    with django_capture_on_commit_callbacks(execute=True):
        item = notices.enqueue("r@example.org", TEMPLATE, {}, language="en", report=report)
        assert DBTaskResult.objects.count() == 0
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [item.pk] and task.priority > 0  # an emergency: first


def test_wikis_cannot_name_the_internal_channel(wiki, reporter):
    destination = {"kind": "notice", "to": ["r@example.org"], "subject": "s", "text": "t"}
    assert "unknown destination kind" in outbox.refusal(destination, {"public": True})
    assert "notice" not in registry.configurable_kinds()
    assert "notice" not in dict(registry.choices())


def test_a_dead_notification_does_not_stand_for_a_reports_route(wiki, reporter):
    """The fallback desk queue is for a filed report whose routes all died; a pending (or
    dead) notification about it changes nothing."""
    report = make_report(wiki, reporter)
    Delivery.objects.create(report=report, kind="email", destination={}, status="dead")
    with transaction.atomic():
        notices.enqueue("r@example.org", TEMPLATE, {"report": report}, language="en", report=report)
    fallback = outbox.ensure_fallback(report)
    assert fallback is not None and fallback.destination["fallback"] is True
    assert [d.kind for d in outbox.record_deliveries(report)] == ["email", "desk"]


def test_a_dead_notification_adds_no_fallback(smtp, wiki, reporter, settings):
    settings.IRS_DELIVERY_MAX_ATTEMPTS = 1
    report = make_report(wiki, reporter)
    item = notices.enqueue("r@example.org", TEMPLATE, {}, language="en", report=report)
    smtp.stop()
    assert sending.attempt(item.pk).status == "dead"
    assert list(report.deliveries.values_list("kind", flat=True)) == ["notice"]
