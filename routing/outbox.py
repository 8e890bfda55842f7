"""The outbox: deliveries planned for a report, written in the report's own transaction.

`record_deliveries(report)` is called by the reporter flow inside the transaction that
creates the report. It writes one Delivery per destination, delivers local ones (the desk)
right there in a savepoint, and queues the rest for the worker once the report commits.
Nothing here may lose a report: a destination that cannot be used becomes a `dead`
delivery that says why (operators see it), and a filed report with no usable destination
goes to a desk queue.
"""

from django.conf import settings
from django.db import transaction

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


def record_deliveries(report) -> list[Delivery]:
    """Write the report's deliveries (once: calling again returns the same ones)."""
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
    for item in deliveries:
        if item.status == DeliveryStatus.PENDING and registry.channel_class(item.kind).local:
            sending.attempt_in_savepoint(item.pk)
            item.refresh_from_db()
    extra = ensure_fallback(report)
    if extra is not None:
        deliveries.append(extra)
    waiting = [item.pk for item in deliveries if item.status == DeliveryStatus.PENDING]
    if waiting:
        transaction.on_commit(lambda: _enqueue_all(waiting, report.is_emergency))
    return deliveries


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
    from routing.tasks import enqueue

    for pk, due_at in Delivery.objects.filter(
        pk__in=ids, status=DeliveryStatus.PENDING
    ).values_list("pk", "next_attempt_at"):
        enqueue(pk, at=due_at, emergency=emergency)
