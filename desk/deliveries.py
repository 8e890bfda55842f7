"""Delivery status of each destination of a report, for the case page.

The routing app owns deliveries (routing.models.Delivery, one row per destination). This
module only reads them, and shows nothing while routing has no Delivery model.
"""

from django.apps import apps


def deliveries_for(report) -> list[dict]:
    try:
        Delivery = apps.get_model("routing", "Delivery")
    except LookupError:
        return []
    rows = Delivery.objects.filter(report=report).order_by("pk")
    return [_describe(row) for row in rows]


def _describe(row) -> dict:
    def field(*names, default=""):
        for name in names:
            if hasattr(row, name):
                value = getattr(row, name)
                return value() if callable(value) else value
        return default

    status = field("get_status_display", "status")
    return {
        "destination": field("describe", "label", "destination_label", "kind"),
        "kind": field("kind", "channel"),
        "status": status,
        "state": field("status"),
        "attempts": field("attempts", default=None),
        "last_error": field("last_error"),
        "sent_at": field("sent_at", default=None),
        "next_attempt_at": field("next_attempt_at", default=None),
    }
