"""Real worker processes (manage.py db_worker) against the test database and a real SMTP server.

These tests commit for real (transaction=True): the workers are other processes and only see
committed rows. On SQLite the test database is a file (irs/settings.py sets TEST NAME), so
they run on both SQLite and PostgreSQL.
"""

import os
import signal
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from routing.models import Delivery, DeliveryStatus
from routing.outbox import record_deliveries
from routing.tasks import send_delivery, send_due_deliveries
from routing.tests.conftest import make_report, run_worker, set_routes, start_worker, worker_env

pytestmark = pytest.mark.django_db(transaction=True)


def file_reports(wiki, reporter, count: int) -> list[Delivery]:
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["responders@example.org"]}])
    deliveries = []
    for _ in range(count):
        with transaction.atomic():
            deliveries += record_deliveries(make_report(wiki, reporter))
    return deliveries


def statuses() -> Counter:
    return Counter(Delivery.objects.values_list("status", flat=True))


def test_smtp_down_then_up_is_retried_by_the_worker_and_delivered_once(wiki, reporter, smtp):
    (delivery,) = file_reports(wiki, reporter, 1)
    # A retry due seconds later, not the suite's 0.2 s: a worker slowed by a loaded machine
    # would otherwise find it due before it ends its first run and try again at once.
    env = worker_env(IRS_DELIVERY_BACKOFF_BASE="4", IRS_DELIVERY_BACKOFF_CAP="4", **smtp.env())
    smtp.stop()

    run_worker(env)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "SMTP unavailable" in delivery.last_error
    smtp.start()
    time.sleep(max(0.0, (delivery.next_attempt_at - timezone.now()).total_seconds()) + 0.05)
    run_worker(env)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    (message,) = smtp.captured()
    assert message.message_id == delivery.external_ref


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(wiki, reporter, smtp):
    deliveries = file_reports(wiki, reporter, 6)
    env = worker_env(IRS_DELIVERY_LEASE_SECONDS=2, **smtp.env())
    smtp.hold_next(after=2)  # the third message hangs before the server accepts it

    worker = start_worker(env)
    assert smtp.wait_until_held(timeout=60), worker.communicate(timeout=5)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    smtp.release(accept=False)  # the sender is gone: the server never accepted it

    # One batch claimed all six: the four it had not sent stay claimed until the lease lapses.
    assert statuses() == {"sent": 2, "sending": 4}
    time.sleep(2.1)  # the dead worker's lease lapses
    call_command("deliver_due", "--grace", "0")
    run_worker(env)

    assert statuses() == {"sent": 6}
    received = Counter(message.message_id for message in smtp.captured())
    assert received == Counter(Delivery.objects.get(pk=item.pk).external_ref for item in deliveries)
    assert set(received.values()) == {1}


def run_two_workers(smtp, env, name: str) -> None:
    """Two worker processes at once on the queued tasks: the first one's first message waits
    at the SMTP server until the second has started working too; both must really work."""
    smtp.delay = 0.01
    smtp.hold_next()
    workers = [start_worker(env, "--worker-id", f"{name}-1")]
    assert smtp.wait_until_held(timeout=60)
    workers.append(start_worker(env, "--worker-id", f"{name}-2"))
    deadline = time.monotonic() + 60
    while f"{name}-2" not in worker_ids_seen() and time.monotonic() < deadline:
        time.sleep(0.05)
    smtp.release(accept=True)
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    assert worker_ids_seen() == {f"{name}-1", f"{name}-2"}


def worker_ids_seen() -> set[str]:
    return {
        worker_id
        for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
        for worker_id in ids
    }


def test_two_workers_in_parallel_send_each_delivery_once(wiki, reporter, smtp):
    deliveries = file_reports(wiki, reporter, 24)
    for item in deliveries:  # every delivery queued three times: the workers will collide
        send_delivery.enqueue(item.pk)
        send_delivery.enqueue(item.pk)
    run_two_workers(smtp, worker_env(**smtp.env()), "parallel")
    assert statuses() == {"sent": 24}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    received = Counter(message.message_id for message in smtp.captured())
    assert len(received) == 24 and set(received.values()) == {1}


def test_two_workers_sending_batches_at_once_send_each_delivery_once(wiki, reporter, smtp):
    deliveries = file_reports(wiki, reporter, 24)  # their commits queued one batch task
    for _ in range(9):  # more batch tasks than needed: both workers claim batches at once
        send_due_deliveries.enqueue()
    run_two_workers(smtp, worker_env(IRS_DELIVERY_BATCH=3, **smtp.env()), "batch")
    assert statuses() == {"sent": 24}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    received = Counter(message.message_id for message in smtp.captured())
    assert received == Counter(Delivery.objects.get(pk=item.pk).external_ref for item in deliveries)
    assert set(received.values()) == {1}
