from django import template

from desk import cases
from desk.models import EventKind
from reports.models import Status

register = template.Library()


@register.simple_tag
def reporter_conversation(report):
    """What the reporter's page shows of a case: status, messages and replies, a reply form."""
    is_case = report.queue_id is not None
    events = cases.reporter_timeline(report) if is_case else []
    for event in events:
        if event.kind == EventKind.STATUS:
            event.status_label = _status_label(event.data.get("status"))
    return {
        "is_case": is_case,
        "events": events,
        "limit": cases.MESSAGE_MAX,
    }


@register.filter
def desk_status(value) -> str:
    """A case's status as responders read it."""
    try:
        return str(cases.status_label(value))
    except ValueError:
        return value or ""


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return ""
