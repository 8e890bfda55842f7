"""Background tasks (django.tasks, database backend; run by `manage.py db_worker`).

Two send tasks:

- `send_due_deliveries`: claims a batch of due deliveries and sends them one after the other
  (docs/routing.md, "Batches"). A delivery that is due now and not about an emergency is
  queued this way: one such task waits in the queue at a time, and every delivery that
  becomes due meanwhile is sent by it, so a backlog costs one task per batch, not one per
  delivery.
- `send_delivery(id)`: one delivery, for what must not wait behind a batch or is due later:
  an emergency's deliveries (queued first, with a higher priority), a retry after its
  backoff, a desk placement's backstop, an operator's "Send again", the sweeper's re-queue.
"""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from routing import conf, delivery

EMERGENCY_PRIORITY = 50


@task()
def send_delivery(delivery_id: int) -> str:
    """Attempt one delivery; on a temporary failure queue the next attempt for later."""
    outcome = delivery.attempt(delivery_id)
    if outcome.retry_at is not None:
        enqueue(delivery_id, at=outcome.retry_at, emergency=outcome.emergency)
    return outcome.status


@task()
def send_due_deliveries() -> dict:
    """Attempt one batch of due deliveries (IRS_DELIVERY_BATCH); queue their retries, and
    another batch task if more may be due (so emergencies' own tasks run in between)."""
    done, more = delivery.attempt_due(conf.batch_size())
    counts = {"sent": 0, "retry": 0, "dead": 0, "skipped": 0}
    for item, outcome in done:
        counts[outcome.status] += 1
        if outcome.retry_at is not None:
            enqueue(item.pk, at=outcome.retry_at, emergency=outcome.emergency)
    if more:
        enqueue_batch()
    return counts


@task()
def sweep_deliveries(grace_seconds: int = 120) -> dict:
    """What `manage.py deliver_due` does, as a task for deployments that prefer one."""
    return delivery.sweep(grace=timedelta(seconds=grace_seconds))


def enqueue(delivery_id: int, *, at=None, emergency: bool = False) -> None:
    """Queue one delivery's own send task (at `at`, first in line if `emergency`)."""
    options = {}
    if at is not None and at > timezone.now():
        options["run_after"] = at
    if emergency:
        options["priority"] = EMERGENCY_PRIORITY
    (send_delivery.using(**options) if options else send_delivery).enqueue(delivery_id)


def enqueue_due(items, *, emergency: bool = False) -> None:
    """Queue freshly written deliveries, `items` as (id, due time) pairs: those due now go to
    the batch task (one queued task for them all), the rest and an emergency's each get
    their own task. Call it after the transaction that wrote them has committed."""
    now = timezone.now()
    batch = False
    for pk, at in items:
        if emergency or (at is not None and at > now):
            enqueue(pk, at=at, emergency=emergency)
        else:
            batch = True
    if batch:
        enqueue_batch()


def enqueue_batch() -> None:
    """Queue a batch task unless one already waits to start: that one will claim whatever
    is due when it starts, which includes every delivery committed before this call."""
    if not delivery.batch_task_waiting():
        send_due_deliveries.enqueue()
