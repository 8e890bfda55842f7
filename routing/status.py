"""Delivery status for responders' pages (the desk shows it beside each case)."""

from routing.models import Delivery, DeliveryStatus


def deliveries_for(report) -> list[Delivery]:
    """Every destination a report went to (not the notification emails about it), oldest
    first; each has .label, .summary, .status,
    .get_status_display(), .attempts, .last_error, .external_ref, .sent_at."""
    return list(Delivery.objects.routes().filter(report=report).order_by("id"))


def delivery_summary(report) -> dict:
    """Counts by status, e.g. {"sent": 2, "dead": 1}, and whether all arrived."""
    counts: dict[str, int] = {}
    for item in Delivery.objects.routes().filter(report=report).values_list("status", flat=True):
        counts[item] = counts.get(item, 0) + 1
    counts["all_sent"] = bool(counts) and set(counts) == {DeliveryStatus.SENT}
    return counts
