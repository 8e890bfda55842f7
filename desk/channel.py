"""Desk: the report becomes a case in a responders' queue (the desk shows it from there).

A delivery channel that lives with the desk and is registered with routing by DeskConfig.ready
(routing imports nothing of the desk). It is also routing's fallback channel: a filed report
with no usable route lands in a desk queue (`fallback_destination`).
"""

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from desk.cases import case_arrived
from desk.models import Queue, Team
from desk.names import SAFETY_QUEUES, SAFETY_TEAM_NAME
from reports.models import Report
from routing.channels.base import Channel, DeliveryError
from routing.outbox import SAFETY_QUEUE, UNROUTED_QUEUE


def safety_team_name() -> str:
    """The name of the team every emergency goes to, in the active language (reports.recipients
    asks it)."""
    team = Team.objects.filter(slug=settings.IRS_SAFETY_TEAM).first()
    return team.label if team is not None else gettext(SAFETY_TEAM_NAME)


def safety_queue(slug: str = SAFETY_QUEUE):
    """One of the global safety team's own queues, created on first use if missing."""
    team, _created = Team.objects.get_or_create(
        slug=settings.IRS_SAFETY_TEAM,
        defaults={
            "name": SAFETY_TEAM_NAME,
            "is_safety": True,
            "email": settings.IRS_SAFETY_EMAIL,
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

    @classmethod
    def check_for_wiki(cls, destination, wiki, config):
        """The team and queue exist, and the team is this wiki's own (a wiki's configuration
        never routes its reporters' reports to another wiki's responders or to the safety
        team: emergencies reach the safety team by themselves)."""
        team = Team.objects.filter(slug=destination["team"]).select_related("wiki").first()
        if team is None or team.is_safety or team.wiki is None or team.wiki.slug != wiki:
            return [
                str(_("There is no team “%(team)s” for this wiki.")) % {"team": destination["team"]}
            ]
        if not Queue.objects.filter(team=team, slug=destination["queue"]).exists():
            return [
                str(_("The team “%(team)s” has no queue “%(queue)s”."))
                % {"team": destination["team"], "queue": destination["queue"]}
            ]
        return []

    def queue(self, report):
        """The queue named, if it may take this report; else why not (and None)."""
        team, slug = self.destination["team"], self.destination["queue"]
        if team == settings.IRS_SAFETY_TEAM and slug in SAFETY_QUEUES:
            # Only the emergency path and the outbox's own fallback use the safety team.
            if report.is_emergency or self.destination.get("fallback"):
                return safety_queue(slug), ""
            return None, f"the safety team's queue {team}/{slug} is not a route for this report"
        found = Queue.objects.filter(team__slug=team, slug=slug).select_related("team").first()
        if found is None:
            return None, f"no desk queue {team}/{slug}"
        if found.team.wiki_id != report.wiki_id and not (
            found.team.is_safety and report.is_emergency
        ):
            return None, f"desk queue {team}/{slug} belongs to another wiki"
        return found, ""

    @classmethod
    def fallback_destination(cls, report) -> dict:
        """Where a filed report nobody configured a usable route for goes: the first queue of
        its wiki's own team, else the safety team's queue of reports with no route."""
        queue = (
            Queue.objects.filter(team__wiki=report.wiki, team__is_safety=False)
            .select_related("team")
            .order_by("team_id", "id")
            .first()
        )
        if queue is not None:
            return {"kind": "desk", "team": queue.team.slug, "queue": queue.slug, "fallback": True}
        return {
            "kind": "desk",
            "team": settings.IRS_SAFETY_TEAM,
            "queue": UNROUTED_QUEUE,
            "fallback": True,
        }

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        report = delivery.report
        queue, why = self.queue(report)
        if queue is None:
            # Never a filed report in no queue: the wiki's responders (or the safety team's
            # unrouted queue) get it, and the delivery says why.
            fallback = self.fallback_destination(report)
            queue, _unused = DeskChannel(fallback).queue(report)
            if queue is None:  # pragma: no cover - the fallback is always usable
                raise DeliveryError(why, permanent=True)
            why = f" (fallback: {why})"
        rows = Report.objects.filter(pk=report.pk)
        # An emergency always lands with the safety team; any other desk route only places
        # a report that is in no queue yet (a case sits in exactly one queue).
        overwrite = queue.team.is_safety and report.is_emergency
        (rows if overwrite else rows.filter(queue__isnull=True)).update(queue=queue)
        report.refresh_from_db(fields=["queue"])
        reference = f"{queue.team.slug}/{queue.slug}{why}"
        if report.queue_id != queue.pk:
            return reference + " (already in another queue)"
        case_arrived(report)  # the desk's timeline and the team's notification (idempotent)
        return reference
