"""Sending one delivery: claim it, call its channel, record sent / retry later / dead."""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from routing import conf, registry
from routing.channels.base import DeliveryError
from routing.models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# The batch send task's path (routing.tasks.send_due_deliveries, which imports this module).
BATCH_TASK = "routing.tasks.send_due_deliveries"


@dataclass
class Outcome:
    status: str  # "sent", "retry", "dead", or "skipped" (someone else holds it / not due)
    retry_at: datetime | None = None
    error: str = ""
    emergency: bool = False


def backoff(attempts: int, channel=None) -> timedelta:
    """The channel's own delay if it has one; else exponential with jitter:
    base * 2^(n-1), capped, then a random 50-100% of that."""
    own = channel.retry_delay(attempts) if channel is not None else None
    if own is not None:
        return own
    delay = min(conf.backoff_cap(), conf.backoff_base() * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay * random.uniform(0.5, 1.0))


def max_attempts(channel=None) -> int:
    own = getattr(channel, "max_attempts", None)
    return int(own) if own else conf.max_attempts()


def attempt(delivery_id: int) -> Outcome:
    """One attempt at one delivery, by whoever calls it (a task, the sweeper, the outbox)."""
    delivery = Delivery.claim(delivery_id, conf.lease())
    if delivery is None:
        return Outcome("skipped")
    return attempt_claimed(delivery)


def attempt_due(limit: int) -> tuple[list[tuple[Delivery, Outcome]], bool]:
    """Claim up to `limit` due deliveries at once and attempt each, in order, over the
    connections the channels keep (one SMTP connection for all the emails).

    Each delivery is its own attempt: one that fails (a recipient refused, a far end down)
    is retried or dead on its own, and the next one is tried all the same. The batch shares
    one lease; once half of it has gone, the deliveries not yet tried are handed back
    (pending, their attempt not counted) rather than sent near the end of their lease, when
    another worker could take them over while they are being sent.

    Returns each attempted delivery with its outcome, and whether more may be due (a full
    batch was claimed, or some were handed back)."""
    lease = conf.lease()
    deadline = timezone.now() + lease / 2  # taken before the claim: never later than its lease
    claimed = Delivery.claim_due(limit, lease)
    done: list[tuple[Delivery, Outcome]] = []
    for position, delivery in enumerate(claimed):
        if timezone.now() >= deadline:
            Delivery.release(claimed[position:])
            return done, True
        done.append((delivery, attempt_claimed(delivery)))
    return done, len(claimed) >= limit


def attempt_claimed(delivery: Delivery) -> Outcome:
    """The attempt at a delivery this worker holds the lease of: send, then record it."""
    delivery_id = delivery.pk
    try:
        channel = registry.channel_class(delivery.kind)
    except registry.UnknownChannel:
        channel = None
    limit = max_attempts(channel)
    if delivery.attempts > limit:
        reason = (
            f"gave up after {delivery.attempts - 1} attempts; the last one was interrupted"
            f" ({delivery.last_error or 'worker lost mid-send'})"
        )
        _died(delivery, channel, reason)
        return Outcome("dead", error=reason)
    try:
        if channel is None:
            raise DeliveryError(f"unknown destination kind {delivery.kind!r}", permanent=True)
        reference = channel(delivery.destination).send(delivery)
    except DeliveryError as failure:
        error = failure
    except Exception as failure:  # a bug or an unforeseen library error: retry, visibly
        logger.exception("delivery %s raised", delivery_id)
        error = DeliveryError(f"{failure.__class__.__name__}: {failure}")
    else:
        if not delivery.mark_sent(reference):
            logger.warning("delivery %s sent after its lease lapsed", delivery_id)
        return Outcome("sent")

    message = str(error)[:2000]
    if error.permanent:
        _died(delivery, channel, message)
        return Outcome("dead", error=message)
    if delivery.attempts >= limit:
        message = f"gave up after {delivery.attempts} attempts: {message}"
        _died(delivery, channel, message)
        return Outcome("dead", error=message)
    delay = backoff(delivery.attempts, channel)
    if error.retry_after is not None:
        # The far end said when to come back (Retry-After, maxlag's lag): never sooner.
        delay = max(delay, timedelta(seconds=min(error.retry_after, conf.backoff_cap())))
    retry_at = timezone.now() + delay
    delivery.mark_retry(message, retry_at)
    return Outcome("retry", retry_at=retry_at, error=message, emergency=_urgent(delivery))


def _died(delivery: Delivery, channel, error: str) -> None:
    """Record the death; let the channel react (e.g. evidence says "failed"); fallback."""
    if not delivery.mark_dead(error):
        return  # someone else holds it now: they record its fate
    if channel is not None:
        try:
            channel.after_death(delivery, error)
        except Exception:  # the dead delivery is recorded and listed; log the rest
            logger.exception("after-death step of delivery %s failed", delivery.pk)
    _fallback_after_death(delivery)


def _urgent(delivery: Delivery) -> bool:
    """Deliveries of an emergency (and notifications about one) are queued first."""
    return delivery.report_id is not None and delivery.report.is_emergency


def _fallback_after_death(delivery: Delivery) -> None:
    """No filed report is left with nowhere to go (outbox.ensure_fallback). A notification
    that died changes nothing about where its report went."""
    from routing.outbox import ensure_fallback

    if delivery.report_id is None or delivery.kind in registry.internal_kinds():
        return
    try:
        ensure_fallback(delivery.report)
    except Exception:  # the dead delivery is recorded; the sweeper's next pass is no help
        logger.exception("fallback for the report of delivery %s failed", delivery.pk)


def attempt_in_savepoint(delivery_id: int) -> Outcome:
    """For local channels inside the report's transaction: a failure never undoes the report."""
    try:
        with transaction.atomic():
            return attempt(delivery_id)
    except Exception:
        logger.exception("inline delivery %s failed; the worker will retry it", delivery_id)
        return Outcome("skipped")


def retry_dead(delivery: Delivery) -> bool:
    """Operator's retry: a dead delivery gets fresh attempts and is queued at once."""
    from routing.tasks import enqueue

    if not delivery.retry():
        return False
    transaction.on_commit(lambda: enqueue(delivery.pk, emergency=_urgent(delivery)))
    return True


def sweep(*, grace: timedelta, send: bool = False) -> dict:
    """Find deliveries nobody is working on and hand them to workers (or send them here).

    - `sending` rows whose lease lapsed (a worker died mid-send) go back to `pending`;
    - `pending` rows due for longer than `grace` (a lost enqueue, a crash right after the
      report's commit) are queued again. A queued duplicate is harmless: claims are atomic.
    """
    from routing.tasks import enqueue

    now = timezone.now()
    released = 0
    for pk, token in Delivery.objects.filter(
        status=DeliveryStatus.SENDING, lease_expires_at__lt=now
    ).values_list("pk", "lease_token"):
        released += Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.SENDING, lease_token=token, lease_expires_at__lt=now
        ).update(status=DeliveryStatus.PENDING, next_attempt_at=now - grace, updated_at=now)

    due = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at")
        .values_list("pk", "next_attempt_at", "report__flow")
    )
    counts = {"released": released, "queued": 0, "sent": 0, "retry": 0, "dead": 0, "skipped": 0}
    for pk, due_at, flow in due:
        if send:
            counts[attempt(pk).status] += 1
            continue
        # Bump the due time so the next sweep leaves it alone for another `grace`.
        if Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, next_attempt_at=due_at
        ).update(next_attempt_at=now) and not _waiting_task(pk):
            enqueue(pk, emergency=flow == "emergency")
            counts["queued"] += 1
    return counts


def _waiting_task(delivery_id: int) -> bool:
    """A send task for this delivery, or a batch task (which takes whatever is due when it
    starts), still waits in the database queue (workers are down or busy): queueing another
    would only pile up no-op tasks."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another tasks backend: a duplicate task is harmless anyway
        return False
    return (
        DBTaskResult.objects.ready()
        .filter(
            Q(task_path="routing.tasks.send_delivery", args_kwargs__args__0=delivery_id)
            | Q(task_path=BATCH_TASK)
        )
        .exists()
    )


def batch_task_waiting() -> bool:
    """A batch send task waits in the database queue, not started yet."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another tasks backend: queue one more; a spare batch finds nothing
        return False
    return DBTaskResult.objects.ready().filter(task_path=BATCH_TASK).exists()
