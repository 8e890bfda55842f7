"""The outbox: deliveries planned for a report, written in the report's own transaction.

`record_deliveries(report)` is called by the reporter flow inside the transaction that
creates the report. It writes one Delivery per destination and queues them for the workers
once the report commits. Local ones (the desk: rows in our own database) are not run inside
that transaction, which stays short (on SQLite it holds the database's write lock): the
reporter's confirmation page places them first (`place_locally`, through
reports.signals.before_confirmation), each in its own transaction, so the case is on the desk
by the time the reporter is told it was sent. They also get a send task, due LOCAL_GRACE
later: should the confirmation never be shown (a reporter who closed the tab at once), a
worker places the case within seconds; when the page was first, the worker finds it sent.
Nothing here may lose a report: a destination that cannot be used becomes a `dead`
delivery that says why (operators see it), and a filed report with no usable destination
goes to a desk queue.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reports import evidence
from routing import delivery as sending
from routing import registry
from routing.content import type_entry
from routing.models import Delivery, DeliveryStatus
from wikis.defaults import may_post_publicly

# The desk queues routing itself names: emergencies, and reports with no usable route. The
# desk channel (desk/channel.py, registered by the desk app) is also the fallback channel.
SAFETY_QUEUE = "emergency"
UNROUTED_QUEUE = "unrouted"
FALLBACK_KIND = "desk"
# How long the confirmation page waits for a local delivery a worker is sending right now.
LOCAL_WAIT_SECONDS = 3.0
# How long a local delivery's send task waits, so that the confirmation page usually places it.
LOCAL_GRACE = timedelta(seconds=2)


def emergency_destinations() -> list[dict]:
    """Always the global safety team (site settings), whatever a wiki configures."""
    return [
        {"kind": "desk", "team": settings.IRS_SAFETY_TEAM, "queue": SAFETY_QUEUE},
        {"kind": "email", "to": [settings.IRS_SAFETY_EMAIL] if settings.IRS_SAFETY_EMAIL else []},
    ]


def refusal(destination, entry: dict | None) -> str:
    """Why this destination cannot be used for this report's type, or "" if it can."""
    if not isinstance(destination, dict):
        return "destination is not an object"
    try:
        channel = registry.configurable_class(str(destination.get("kind") or ""))
    except registry.UnknownChannel:
        return f"unknown destination kind {destination.get('kind')!r}"
    if channel.kind == "noticeboard" and not may_post_publicly(entry):
        key = (entry or {}).get("key", "?")
        return (
            f"not posted on a noticeboard: type {key!r} is not public "
            "(a community must set public: true to allow on-wiki posting)"
        )
    return "; ".join(channel.validate(destination))


def fallback_destination(report) -> dict:
    """A filed report nobody configured a route for still reaches people: the fallback
    channel (the desk, registered by the desk app) says where."""
    return registry.channel_class(FALLBACK_KIND).fallback_destination(report)


def ensure_fallback(report) -> Delivery | None:
    """A filed report none of whose deliveries was sent or is still under way (all dead: a
    refused destination, a secret that is not set, a far end that kept failing) goes to the
    fallback desk queue, once. Called after the local deliveries and whenever one dies."""
    if report.is_emergency or not report.filed:
        return None
    if report.deliveries.routes().exclude(status=DeliveryStatus.DEAD).exists():
        return None
    if report.deliveries.routes().filter(destination__fallback=True).exists():
        return None  # tried once already: never a loop of fallbacks
    delivery = Delivery.objects.create(
        report=report, kind=FALLBACK_KIND, destination=fallback_destination(report)
    )
    sending.attempt_in_savepoint(delivery.pk)
    delivery.refresh_from_db()
    return delivery


def plan(report) -> list[tuple[str, dict, str]]:
    """(kind, destination, refusal) for every delivery this report needs."""
    if report.is_emergency:
        planned = []
        for destination in emergency_destinations():
            problem = refusal(destination, None)
            if destination["kind"] == "email" and not destination["to"]:
                problem = "no emergency email configured (IRS_SAFETY_EMAIL is empty)"
            planned.append((destination["kind"], destination, problem))
        return planned
    if not report.filed:
        return []  # support information only: nothing is sent anywhere
    entry = type_entry(report)
    destinations = ((entry or {}).get("direct_report") or {}).get("destinations") or []
    planned = []
    for destination in destinations:
        kind = destination.get("kind", "") if isinstance(destination, dict) else ""
        planned.append((str(kind)[:32], destination, refusal(destination, entry)))
    if not any(not problem for _kind, _destination, problem in planned):
        planned.append((FALLBACK_KIND, fallback_destination(report), ""))
    return planned


def record_deliveries(report, *, new: bool = False) -> list[Delivery]:
    """Write the report's deliveries (once: calling again returns the same ones; `new`: the
    report was created in this transaction, so it has none yet)."""
    if not new:
        existing = list(report.deliveries.routes())
        if existing:
            return existing
    deliveries = []
    for kind, destination, problem in plan(report):
        deliveries.append(
            Delivery.objects.create(
                report=report,
                kind=kind,
                destination=destination if isinstance(destination, dict) else {"raw": destination},
                status=DeliveryStatus.DEAD if problem else DeliveryStatus.PENDING,
                last_error=problem,
            )
        )
    # Nothing was tried yet: `plan` added the fallback already if no route is usable; one that
    # dies later gets it then (routing.delivery).
    local = registry.local_kinds()
    waiting = [item for item in deliveries if item.status == DeliveryStatus.PENDING]
    for item in waiting:
        if item.kind in local:
            item.next_attempt_at = max(item.next_attempt_at, timezone.now() + LOCAL_GRACE)
    if waiting:
        # Nothing changed them since they were written: queued as they are, no second look.
        transaction.on_commit(lambda: _enqueue(waiting, report.is_emergency))
    return deliveries


def place_locally(report) -> None:
    """Before the reporter's confirmation shows: the report's local deliveries (its desk
    case) are done, here, each in its own transaction, or by the worker sending one right now
    (waited for, at most LOCAL_WAIT_SECONDS). One query when nothing is left to do."""
    local = registry.local_kinds()
    waiting = report.deliveries.filter(
        kind__in=local, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).values_list("pk", flat=True)
    for pk in list(waiting):
        outcome = sending.attempt_in_savepoint(pk)
        if outcome.retry_at is not None:
            _enqueue_at(pk, outcome.retry_at, report.is_emergency)
        if outcome.status != "skipped":
            continue
        deadline = time.monotonic() + LOCAL_WAIT_SECONDS
        held = Delivery.objects.filter(pk=pk, status=DeliveryStatus.SENDING)
        while held.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    # A local delivery that died fell back to another queue (attempted in the same way).


def schedule_evidence(report) -> Delivery | None:
    """The report's evidence capture as an `evidence` delivery (after commit, by the workers,
    found again by `deliver_due` if a task is lost), when it has a place to capture."""
    if evidence.mark_for_capture(report):
        return record_internal("evidence", {}, report=report)
    return None


def record_internal(kind: str, destination: dict, *, report=None, problem: str = "") -> Delivery:
    """One delivery the application queues for itself (a notification email, an evidence
    capture: `registry.internal_kinds()`), under the same claim, lease, retries, sweeper and
    dead list as a report's routes. Call it inside the transaction of what causes it: the row
    commits with it, and its send task is queued once that transaction commits. With a
    `problem` the row is dead at once, saying so, and nothing is queued."""
    delivery = Delivery.objects.create(
        report=report,
        kind=kind,
        destination=destination,
        status=DeliveryStatus.DEAD if problem else DeliveryStatus.PENDING,
        last_error=problem,
    )
    if not problem:
        urgent = report is not None and report.is_emergency
        transaction.on_commit(lambda: _enqueue_all([delivery.pk], urgent))
    return delivery


def _enqueue_all(ids: list[int], emergency: bool) -> None:
    rows = Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING)
    _enqueue(list(rows.only("pk", "next_attempt_at", "kind")), emergency)


def _enqueue(deliveries: list[Delivery], emergency: bool) -> None:
    from routing.tasks import enqueue_due

    enqueue_due([(item.pk, item.next_attempt_at) for item in deliveries], emergency=emergency)


def _enqueue_at(pk: int, at, emergency: bool) -> None:
    from routing.tasks import enqueue

    enqueue(pk, at=at, emergency=emergency)
