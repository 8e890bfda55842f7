"""Case events for the teams' webhooks: every timeline entry the desk writes (desk.CaseEvent)
that a team subscribed to becomes one outbox Delivery per webhook, in the same transaction.

| timeline entry | event |
| --- | --- |
| arrived (new or escalated in) | report.created |
| claimed, assigned, status | case.updated |
| message to / reply from the reporter | case.message (text only if the team opted in) |
| decision | case.decided |
| appeal | appeal.filed |

A payload names the case (reference, wiki, type, status, assignee, desk link) and what
changed; never the reporter's name or email or the report's text.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from api import facts
from api.channel import KIND
from api.models import CaseEvent as Event
from api.models import TeamWebhook
from desk.models import CaseEvent, EventKind
from routing.models import Delivery
from routing.tasks import enqueue_due

EVENTS = {
    EventKind.ARRIVED: Event.CREATED,
    EventKind.CLAIMED: Event.UPDATED,
    EventKind.ASSIGNED: Event.UPDATED,
    EventKind.STATUS: Event.UPDATED,
    EventKind.MESSAGE: Event.MESSAGE,
    EventKind.REPLY: Event.MESSAGE,
    EventKind.DECISION: Event.DECIDED,
    EventKind.APPEAL: Event.APPEAL,
}


def case_facts(report) -> dict:
    return {
        **facts.case_facts(report),
        "url": settings.SITE_URL + reverse("desk:case", args=[report.reference]),
    }


def _change(event, hook) -> dict:
    data = event.data or {}
    if event.kind in (EventKind.MESSAGE, EventKind.REPLY):
        change = {
            "direction": "to-reporter" if event.kind == EventKind.MESSAGE else "from-reporter"
        }
        if hook.include_message_text:
            change["text"] = event.text
        return change
    if event.kind == EventKind.STATUS:
        return {"change": "status", "previous": data.get("previous"), "status": data.get("status")}
    if event.kind in (EventKind.CLAIMED, EventKind.ASSIGNED):
        return {"change": "assignee"}
    if event.kind == EventKind.ARRIVED:
        return {"escalated": bool(data.get("escalated"))}
    if event.kind == EventKind.DECISION:
        decision = event.report.decisions.order_by("-created_at", "-id").first()
        if decision is None:
            return {}
        return {
            "actions": list(decision.actions or []),
            "ground": decision.ground,
            "appeal_result": decision.appeal_result or None,
        }
    return {}


def team_of(event):
    if event.kind == EventKind.ARRIVED and event.team_id:
        return event.team_id
    report = event.report
    return report.queue.team_id if report.queue_id else None


def payload(event, hook, name) -> dict:
    return {
        "event": name,
        "occurred_at": event.created_at.isoformat(),
        "team": hook.team.slug,
        "case": case_facts(event.report),
        "data": _change(event, hook),
    }


@receiver(post_save, sender=CaseEvent, dispatch_uid="api.case_events")
def queue_case_event(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    name = EVENTS.get(instance.kind)
    if name is None:
        return
    team_id = team_of(instance)
    if team_id is None:
        return
    hooks = [
        hook
        for hook in TeamWebhook.objects.filter(team_id=team_id).select_related("team")
        if hook.wants(name)
    ]
    made = []
    for hook in hooks:
        delivery = Delivery.objects.create(
            report=instance.report,
            kind=KIND,
            destination={
                "webhook": hook.pk,
                "event": name,
                "payload": payload(instance, hook, name),
            },
        )
        made.append((delivery.pk, None))
    if made:
        # Due now: the batch task sends them (one queued task however many hooks).
        transaction.on_commit(lambda: enqueue_due(made))
