"""Background tasks (django.tasks, database backend; run by `manage.py db_worker`)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from routing import delivery

EMERGENCY_PRIORITY = 50


@task()
def send_delivery(delivery_id: int) -> str:
    """Attempt one delivery; on a temporary failure queue the next attempt for later."""
    outcome = delivery.attempt(delivery_id)
    if outcome.retry_at is not None:
        enqueue(delivery_id, at=outcome.retry_at, emergency=outcome.emergency)
    return outcome.status


@task()
def sweep_deliveries(grace_seconds: int = 120) -> dict:
    """What `manage.py deliver_due` does, as a task for deployments that prefer one."""
    return delivery.sweep(grace=timedelta(seconds=grace_seconds))


def enqueue(delivery_id: int, *, at=None, emergency: bool = False) -> None:
    options = {}
    if at is not None and at > timezone.now():
        options["run_after"] = at
    if emergency:
        options["priority"] = EMERGENCY_PRIORITY
    (send_delivery.using(**options) if options else send_delivery).enqueue(delivery_id)
