"""Desk: the report becomes a case in a responders' queue (the desk shows it from there)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from routing.channels.base import Channel, DeliveryError

SAFETY_QUEUE = "emergency"
UNROUTED_QUEUE = "unrouted"
SAFETY_QUEUES = {SAFETY_QUEUE: "Emergencies", UNROUTED_QUEUE: "Reports with no route"}


def safety_queue(slug: str = SAFETY_QUEUE):
    """One of the global safety team's own queues, created on first use if missing."""
    from desk.models import Queue, Team

    team, _created = Team.objects.get_or_create(
        slug=settings.IRS_SAFETY_TEAM,
        defaults={
            "name": "Trust and Safety", "is_safety": True, "email": settings.IRS_SAFETY_EMAIL
        },
    )
    queue, _created = Queue.objects.get_or_create(
        team=team, slug=slug, defaults={"name": SAFETY_QUEUES[slug]}
    )
    return queue


class DeskChannel(Channel):
    kind = "desk"
    label = _("Case desk")
    local = True  # a row in our own database: done inside the report's transaction
    recognises_resend = True  # putting a report into a queue twice changes nothing
    required = {"team": str, "queue": str}

    @classmethod
    def summarize(cls, destination):
        return str(_("Desk queue %(team)s/%(queue)s")) % {
            "team": destination.get("team", "?"),
            "queue": destination.get("queue", "?"),
        }

    def queue(self):
        from desk.models import Queue

        team, slug = self.destination["team"], self.destination["queue"]
        if team == settings.IRS_SAFETY_TEAM and slug in SAFETY_QUEUES:
            return safety_queue(slug)
        found = Queue.objects.filter(team__slug=team, slug=slug).select_related("team").first()
        if found is None:
            raise DeliveryError(f"no desk queue {team}/{slug}", permanent=True)
        return found

    def send(self, delivery) -> str:
        from reports.models import Report

        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        queue = self.queue()
        report = delivery.report
        rows = Report.objects.filter(pk=report.pk)
        # An emergency always lands with the safety team; any other desk route only places
        # a report that is in no queue yet (a case sits in exactly one queue).
        (rows if queue.team.is_safety else rows.filter(queue__isnull=True)).update(queue=queue)
        report.refresh_from_db(fields=["queue"])
        reference = f"{queue.team.slug}/{queue.slug}"
        if report.queue_id != queue.pk:
            return reference + " (already in another queue)"
        from desk.cases import case_arrived

        case_arrived(report)  # the desk's timeline and the team's notification (idempotent)
        return reference
