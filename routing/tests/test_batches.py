"""Batch sending: one task claims several due deliveries and sends them one after the other
(routing.tasks.send_due_deliveries), with a real SMTP server on loopback."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import Flow
from routing import delivery as sending
from routing.models import Delivery, DeliveryStatus
from routing.outbox import record_deliveries
from routing.tasks import EMERGENCY_PRIORITY, send_due_deliveries
from routing.tests.conftest import make_report, set_routes

pytestmark = pytest.mark.django_db


def emails(wiki, reporter, addresses: list[str]) -> list[Delivery]:
    return [
        Delivery.objects.create(
            report=make_report(wiki, reporter),
            kind="email",
            destination={"kind": "email", "to": [address]},
        )
        for address in addresses
    ]


def batches():
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_due_deliveries")


def singles():
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_delivery")


def test_a_batch_claim_leases_each_row_once_and_a_second_claim_gets_the_rest(wiki, reporter):
    rows = emails(wiki, reporter, [f"r{n}@example.org" for n in range(5)])
    later = emails(wiki, reporter, ["later@example.org"])[0]
    Delivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=1)
    )

    first = Delivery.claim_due(3, timedelta(minutes=5))
    second = Delivery.claim_due(3, timedelta(minutes=5))

    assert [item.pk for item in first] == [item.pk for item in rows[:3]]  # oldest due first
    assert [item.pk for item in second] == [item.pk for item in rows[3:]]  # not due: not taken
    for item in first + second:
        assert item.status == DeliveryStatus.SENDING and item.attempts == 1
        assert item.lease_expires_at > timezone.now() + timedelta(minutes=4)
        assert item.report.wiki == wiki  # loaded with the claim
    assert len({item.lease_token for item in first}) == 1
    assert first[0].lease_token != second[0].lease_token
    assert Delivery.claim_due(3, timedelta(minutes=5)) == []
    assert Delivery.claim(rows[0].pk, timedelta(minutes=5)) is None  # held by the batch


def test_a_lapsed_lease_is_claimed_again_by_a_batch_and_the_old_holder_cannot_finish(
    wiki, reporter
):
    (row,) = emails(wiki, reporter, ["r@example.org"])
    (old,) = Delivery.claim_due(10, timedelta(minutes=5))
    Delivery.objects.filter(pk=row.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )

    (new,) = Delivery.claim_due(10, timedelta(minutes=5))

    assert new.attempts == 2 and new.lease_token != old.lease_token
    assert old.mark_sent("<late@example>") is False
    assert new.mark_sent("<ok@example>") is True


def test_handed_back_deliveries_are_due_again_with_their_attempt_uncounted(wiki, reporter):
    emails(wiki, reporter, ["a@example.org", "b@example.org"])
    claimed = Delivery.claim_due(10, timedelta(minutes=5))

    assert Delivery.release(claimed[1:]) == 1
    assert Delivery.release(claimed[1:]) == 0  # no longer held: nothing to hand back

    back = Delivery.objects.get(pk=claimed[1].pk)
    assert back.status == DeliveryStatus.PENDING and back.attempts == 0
    assert back.lease_token == "" and back.lease_expires_at is None
    assert Delivery.objects.get(pk=claimed[0].pk).status == DeliveryStatus.SENDING
    assert [item.pk for item in Delivery.claim_due(10, timedelta(minutes=5))] == [back.pk]


def test_one_failing_recipient_in_a_batch_leaves_the_others_sent(wiki, reporter, smtp, settings):
    settings.IRS_DELIVERY_BACKOFF_BASE = 60
    rows = emails(
        wiki,
        reporter,
        ["a@example.org", "gone@refused.invalid", "b@example.org", "x@busy.invalid", "c@x.org"],
    )

    counts = send_due_deliveries.call()

    assert counts == {"sent": 3, "retry": 1, "dead": 1, "skipped": 0}
    status = {item.pk: item for item in Delivery.objects.all()}
    assert [status[item.pk].status for item in rows] == [
        DeliveryStatus.SENT,
        DeliveryStatus.DEAD,  # 550: permanent
        DeliveryStatus.SENT,
        DeliveryStatus.PENDING,  # 451: temporary, retried after its backoff
        DeliveryStatus.SENT,
    ]
    assert "550" in status[rows[1].pk].last_error
    busy = status[rows[3].pk]
    assert timedelta(seconds=29) < busy.next_attempt_at - timezone.now() <= timedelta(60)
    (retry,) = singles()  # its retry is a task of its own, due after the backoff
    assert retry.args_kwargs["args"] == [busy.pk]
    assert abs((retry.run_after - busy.next_attempt_at).total_seconds()) < 1
    received = sorted(message.rcpt_tos[0] for message in smtp.captured())
    assert received == ["a@example.org", "b@example.org", "c@x.org"]
    assert not batches().exists()  # not a full batch: nothing more to queue


def test_a_full_batch_queues_the_next_batch(wiki, reporter, smtp, settings):
    settings.IRS_DELIVERY_BATCH = 2
    emails(wiki, reporter, ["a@example.org", "b@example.org", "c@example.org"])

    assert send_due_deliveries.call() == {"sent": 2, "retry": 0, "dead": 0, "skipped": 0}
    assert batches().ready().count() == 1
    assert send_due_deliveries.call()["sent"] == 1
    assert batches().ready().count() == 1  # still the one queued before: no second one
    assert len(smtp.captured()) == 3


def test_a_batch_hands_back_what_it_could_not_start_within_half_its_lease(
    wiki, reporter, smtp, settings
):
    settings.IRS_DELIVERY_LEASE_SECONDS = 1
    smtp.delay = 0.6  # each message takes longer than half the lease
    rows = emails(wiki, reporter, ["a@example.org", "b@example.org", "c@example.org"])

    counts = send_due_deliveries.call()

    assert counts["sent"] == 1
    after = {item.pk: item for item in Delivery.objects.all()}
    assert after[rows[0].pk].status == DeliveryStatus.SENT
    for item in rows[1:]:
        assert after[item.pk].status == DeliveryStatus.PENDING and after[item.pk].attempts == 0
    assert batches().ready().count() == 1  # the handed-back ones get their batch


def test_due_deliveries_share_one_waiting_batch_task_and_emergencies_get_their_own(
    wiki, reporter, django_capture_on_commit_callbacks
):
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["r@example.org"]}])
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            (first,) = record_deliveries(make_report(wiki, reporter), new=True)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            (second,) = record_deliveries(make_report(wiki, reporter), new=True)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            urgent = record_deliveries(
                make_report(wiki, reporter, flow=Flow.EMERGENCY, incident_type=""), new=True
            )

    assert batches().count() == 1  # the second report found the first one's task waiting
    email = next(item for item in urgent if item.kind == "email")
    (own,) = singles().filter(args_kwargs__args__0=email.pk)
    assert own.priority == EMERGENCY_PRIORITY
    assert not singles().filter(args_kwargs__args__0__in=[first.pk, second.pk]).exists()

    batches().update(status="RUNNING")  # a worker took it: the next delivery needs another
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            record_deliveries(make_report(wiki, reporter), new=True)
    assert batches().filter(status="READY").count() == 1


def test_the_sweeper_leaves_due_deliveries_to_a_waiting_batch_task(wiki, reporter):
    (row,) = emails(wiki, reporter, ["r@example.org"])
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    send_due_deliveries.enqueue()

    sending.sweep(grace=timedelta(seconds=120))

    assert not singles().exists() and batches().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_batch_claims_at_once_on_postgresql_take_different_rows_without_waiting(wiki, reporter):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: PostgreSQL (SQLite's claims take turns)")
    rows = emails(wiki, reporter, [f"r{n}@example.org" for n in range(6)])
    holding = threading.Event()
    done = threading.Event()
    got: dict[str, list[int]] = {}

    def first_claim():
        try:
            with transaction.atomic():  # its rows stay locked until this commits
                got["first"] = [item.pk for item in Delivery.claim_due(3, timedelta(minutes=5))]
                holding.set()
                done.wait(30)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=first_claim)
    thread.start()
    try:
        assert holding.wait(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # waiting on a row lock would fail
        second = [item.pk for item in Delivery.claim_due(6, timedelta(minutes=5))]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
        done.set()
        thread.join(30)

    assert len(got["first"]) == 3 and len(second) == 3
    assert sorted(got["first"] + second) == sorted(item.pk for item in rows)
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
