"""The desk's emails. Each function decides who hears about an event and queues one
notification per recipient through the outbox (routing.notices: retried, dead ones visible to
operators), rendered from templates in desk/templates/desk/email/. Call them inside the
transaction that records the event: the emails are queued with it or not at all.

Privacy rules kept here, in one place:
- emails to responders never contain the reporter's name or email address, nor the report's
  text: they link to the case, where access is checked;
- emails to the reporter never contain internal notes, responders' names or the message text
  (they link to the report page, behind the reporter's login).
- Nothing is ever sent to the reported user.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from desk.models import CaseEvent, Digest, EventKind, Team, TeamMembership
from reports.models import Status
from routing import notices


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def case_url(report) -> str:
    return _absolute(reverse("desk:case", args=[report.reference]))


def reporter_page_url(report) -> str:
    return _absolute(reporter_page_path(report))


def reporter_page_path(report) -> str:
    """The reporter's page of one report (built by the reports app: /my-reports/<reference>)."""
    for name in ("reports:detail", "reports:mine_detail", "reports:report"):
        try:
            return reverse(name, args=[report.reference])
        except Exception:  # noqa: S112 - the reports app names it; fall back to the path
            continue
    return f"/my-reports/{report.reference}"


def _send(template: str, context: dict, to: list[str], language: str, report=None) -> int:
    """One notification per address; the number queued."""
    queued = 0
    for address in dict.fromkeys(address for address in to if address):
        notices.enqueue(
            address, f"desk/email/{template}", context, language=language, report=report
        )
        queued += 1
    return queued


def _reporter_address(report) -> str:
    return report.reporter_email or report.reporter.email


def case_arrived(report, team: Team, escalation: CaseEvent | None = None) -> int:
    """Tell a team about a new case: everyone on escalation, else immediate-digest members."""
    members = TeamMembership.objects.filter(team=team).select_related("user")
    if escalation is None:
        members = members.filter(digest=Digest.IMMEDIATE)
    context = {
        "report": report,
        "team": team,
        "url": case_url(report),
        "escalation": escalation,
        # The team it came from, by name in the email's language (the event keeps its slug).
        "from_team": Team.objects.filter(slug=(escalation.data or {}).get("from_team", "")).first()
        if escalation
        else None,
    }
    template = "escalated" if escalation else "new_case"
    addresses = [membership.user.email for membership in members.order_by("pk")]
    return _send(template, context, addresses, team.email_language, report)


def reporter_message(report) -> int:
    context = {"report": report, "url": reporter_page_url(report)}
    return _send("reporter_message", context, [_reporter_address(report)], report.language, report)


def reporter_status(report, event: CaseEvent) -> int:
    with translation.override(report.language):
        status = str(Status(event.data["status"]).label)
    context = {"report": report, "url": reporter_page_url(report), "status": status}
    return _send("reporter_status", context, [_reporter_address(report)], report.language, report)


def reporter_merged(report) -> int:
    """The reporter's report joined another case: say so in plain words (not the bare
    status), and that it is handled there. Never the other case's reference or reporter."""
    context = {"report": report, "url": reporter_page_url(report)}
    return _send("reporter_merged", context, [_reporter_address(report)], report.language, report)


def responders(report) -> tuple[list[str], str]:
    """Who hears about what the reporter does on a case: its assignee, or every member of its
    team when nobody has it; and the language of their emails. ([], "") when not a case."""
    if report.queue_id is None:
        return [], ""
    team = report.queue.team
    if report.assignee_id:
        addresses = [report.assignee.email]
    else:
        addresses = list(team.memberships.order_by("pk").values_list("user__email", flat=True))
    return addresses, team.email_language


def responders_of_reply(report) -> int:
    """The reporter replied: tell the assignee, or the whole team when nobody has the case."""
    addresses, language = responders(report)
    context = {"report": report, "url": case_url(report)}
    return _send("reporter_replied", context, addresses, language, report)


def responders_of_withdrawal(report) -> int:
    """The reporter withdrew the report (desk.withdrawal): the same people as for a reply."""
    addresses, language = responders(report)
    context = {"report": report, "url": case_url(report)}
    return _send("withdrawn", context, addresses, language, report)


def send_digests(now) -> int:
    """One email per daily-digest member listing the cases that arrived since their last one.

    Queuing a member's digest and moving their `digest_sent_at` commit together, so a digest
    is neither lost nor queued twice when the command is interrupted and run again."""
    queued = 0
    memberships = (
        TeamMembership.objects.filter(digest=Digest.DAILY)
        .select_related("user", "team__wiki")
        .order_by("pk")
    )
    for membership in memberships:
        events = list(
            CaseEvent.objects.filter(
                team=membership.team,
                kind=EventKind.ARRIVED,
                created_at__gt=membership.digest_sent_at,
                created_at__lte=now,
            )
            .exclude(data__escalated=True)
            .select_related("report__wiki")
            .order_by("created_at", "id")
        )
        with transaction.atomic():
            if events:
                cases = [
                    {"report": event.report, "url": case_url(event.report), "at": event.created_at}
                    for event in events
                ]
                context = {"team": membership.team, "cases": cases}
                queued += _send(
                    "digest", context, [membership.user.email], membership.team.email_language
                )
            TeamMembership.objects.filter(pk=membership.pk).update(digest_sent_at=now)
    return queued
