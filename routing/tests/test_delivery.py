"""Claims, leases, backoff, give-up and the sweeper, with real channels on loopback."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from routing import delivery as sending
from routing.models import Delivery, DeliveryStatus
from routing.tasks import send_delivery
from routing.tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(wiki, reporter):
    report = make_report(wiki, reporter)
    return Delivery.objects.create(
        report=report, kind="email", destination={"kind": "email", "to": ["r@example.org"]}
    )


def test_a_claimed_delivery_cannot_be_claimed_again_until_its_lease_lapses(pending):
    first = Delivery.claim(pending.pk, timedelta(minutes=5))
    assert first is not None and first.status == DeliveryStatus.SENDING
    assert Delivery.claim(pending.pk, timedelta(minutes=5)) is None

    Delivery.objects.filter(pk=pending.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    second = Delivery.claim(pending.pk, timedelta(minutes=5))

    assert second is not None and second.attempts == 2
    assert second.lease_token != first.lease_token
    assert first.mark_sent("<late@example>") is False  # the old holder may not finish it
    assert second.mark_sent("<ok@example>") is True


def test_a_delivery_that_is_not_due_yet_is_not_claimed(pending):
    Delivery.objects.filter(pk=pending.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=1)
    )
    assert Delivery.claim(pending.pk, timedelta(minutes=5)) is None


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings):
    settings.IRS_DELIVERY_BACKOFF_BASE = 10
    settings.IRS_DELIVERY_BACKOFF_CAP = 100
    for attempts, ceiling in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100)]:
        delays = {sending.backoff(attempts).total_seconds() for _ in range(20)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jittered


def test_a_temporary_failure_queues_the_next_attempt_for_later(pending, smtp, settings):
    settings.IRS_DELIVERY_BACKOFF_BASE = 60
    smtp.stop()

    assert send_delivery.call(pending.pk) == "retry"

    pending.refresh_from_db()
    task = sends().get()
    assert task.args_kwargs["args"] == [pending.pk]
    assert abs((task.run_after - pending.next_attempt_at).total_seconds()) < 1
    assert timedelta(seconds=29) < pending.next_attempt_at - timezone.now() <= timedelta(60)


def test_it_gives_up_after_the_last_attempt_and_keeps_the_error(pending, smtp, settings):
    settings.IRS_DELIVERY_MAX_ATTEMPTS = 3
    settings.IRS_DELIVERY_BACKOFF_BASE = 0
    smtp.stop()

    outcomes = [sending.attempt(pending.pk).status for _ in range(4)]

    assert outcomes == ["retry", "retry", "dead", "skipped"]
    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.DEAD and pending.attempts == 3
    assert "gave up after 3 attempts" in pending.last_error
    assert "SMTP unavailable" in pending.last_error


def test_a_worker_lost_mid_send_too_often_ends_dead_not_looping(pending, settings):
    settings.IRS_DELIVERY_MAX_ATTEMPTS = 2
    Delivery.objects.filter(pk=pending.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=2,
        lease_token="gone",
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )

    assert sending.attempt(pending.pk).status == "dead"
    pending.refresh_from_db()
    assert "interrupted" in pending.last_error


def test_the_sweeper_hands_back_lapsed_leases_and_lost_tasks_but_not_fresh_ones(
    wiki, reporter, pending
):
    now = timezone.now()
    report = pending.report
    lapsed = Delivery.objects.create(
        report=report,
        kind="email",
        destination=pending.destination,
        status=DeliveryStatus.SENDING,
        lease_token="dead-worker",
        lease_expires_at=now - timedelta(seconds=1),
    )
    held = Delivery.objects.create(
        report=report,
        kind="email",
        destination=pending.destination,
        status=DeliveryStatus.SENDING,
        lease_token="live-worker",
        lease_expires_at=now + timedelta(minutes=5),
    )
    fresh = Delivery.objects.create(report=report, kind="email", destination=pending.destination)
    Delivery.objects.filter(pk=pending.pk).update(next_attempt_at=now - timedelta(minutes=10))

    call_command("deliver_due", "--grace", "120")

    queued = sorted(task.args_kwargs["args"][0] for task in sends().all())
    assert queued == sorted([pending.pk, lapsed.pk])
    lapsed.refresh_from_db()
    held.refresh_from_db()
    assert lapsed.status == DeliveryStatus.PENDING and held.status == DeliveryStatus.SENDING
    assert fresh.pk not in queued

    call_command("deliver_due", "--grace", "120")  # a second sweep right away adds nothing
    assert sends().count() == 2
    Delivery.objects.filter(pk__in=[pending.pk, lapsed.pk]).update(
        next_attempt_at=now - timedelta(minutes=10)
    )
    call_command("deliver_due", "--grace", "120")  # workers down: their tasks still wait
    assert sends().count() == 2


def test_the_sweeper_can_send_by_itself_for_setups_without_a_worker(pending, smtp):
    call_command("deliver_due", "--grace", "0", "--send")

    pending.refresh_from_db()
    assert pending.status == DeliveryStatus.SENT
    assert len(smtp.captured()) == 1


def sends():
    """Queued send_delivery tasks (the desk queues tasks of its own)."""
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_delivery")
