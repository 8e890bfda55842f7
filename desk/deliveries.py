"""Delivery status of each destination of a report, for the case page.

The routing app owns deliveries (one routing.models.Delivery per destination) and exposes
them through routing.status.deliveries_for; this module only reads that.
"""

from routing.status import deliveries_for as routing_deliveries


def deliveries_for(report) -> list[dict]:
    return [
        {
            "channel": str(delivery.label),
            "destination": delivery.summary,
            "status": delivery.status,
            "status_label": delivery.get_status_display(),
            "attempts": delivery.attempts,
            "last_error": delivery.last_error,
            "reference": delivery.external_ref,
            "sent_at": delivery.sent_at,
            "next_attempt_at": delivery.next_attempt_at,
        }
        for delivery in routing_deliveries(report)
    ]
