"""The desk's emails. Each function builds and sends one kind of email (subject and text from
templates in desk/templates/desk/email/) through django.core.mail.

Privacy rules kept here, in one place:
- emails to responders never contain the reporter's name or email address, nor the report's
  text: they link to the case, where access is checked;
- emails to the reporter never contain internal notes, responders' names or the message text
  (they link to the report page, behind the reporter's login).
- Nothing is ever sent to the reported user.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from desk.models import CaseEvent, Digest, EventKind, Team, TeamMembership
from reports.models import Report, Status


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


def _send(template: str, context: dict, to: list[str], language: str) -> int:
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(language):
        subject = " ".join(render_to_string(f"desk/email/{template}_subject.txt", context).split())
        body = render_to_string(f"desk/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return message.send()


def _team_language(team: Team) -> str:
    if team.wiki_id:
        return team.wiki.content_language
    return settings.LANGUAGE_CODE


def _reporter_address(report) -> str:
    return report.reporter_email or report.reporter.email


def case_arrived(report_id: int, team_id: int, escalation_id: int | None = None) -> int:
    """Tell a team about a new case: everyone on escalation, else immediate-digest members."""
    report = Report.objects.select_related("wiki").get(pk=report_id)
    team = Team.objects.select_related("wiki").get(pk=team_id)
    if report.queue_id is None or report.queue.team_id != team.pk:
        return 0  # moved on before the email went out
    members = TeamMembership.objects.filter(team=team).select_related("user")
    escalation = None
    if escalation_id is not None:
        escalation = CaseEvent.objects.select_related("actor").get(pk=escalation_id)
    else:
        members = members.filter(digest=Digest.IMMEDIATE)
    context = {
        "report": report,
        "team": team,
        "url": case_url(report),
        "escalation": escalation,
    }
    template = "escalated" if escalation else "new_case"
    sent = 0
    for membership in members:
        sent += _send(template, context, [membership.user.email], _team_language(team))
    return sent


def reporter_message(report_id: int, event_id: int) -> int:
    report = Report.objects.select_related("reporter").get(pk=report_id)
    context = {"report": report, "url": reporter_page_url(report)}
    return _send("reporter_message", context, [_reporter_address(report)], report.language)


def reporter_status(report_id: int, event_id: int) -> int:
    report = Report.objects.select_related("reporter").get(pk=report_id)
    event = CaseEvent.objects.get(pk=event_id, report=report)
    with translation.override(report.language):
        status = str(Status(event.data["status"]).label)
    context = {"report": report, "url": reporter_page_url(report), "status": status}
    return _send("reporter_status", context, [_reporter_address(report)], report.language)


def responders_of_reply(report_id: int) -> int:
    """The reporter replied: tell the assignee, or the whole team when nobody has the case."""
    report = Report.objects.select_related("assignee", "queue__team__wiki").get(pk=report_id)
    if report.queue_id is None:
        return 0
    team = report.queue.team
    if report.assignee_id:
        addresses = [report.assignee.email]
    else:
        addresses = list(team.memberships.values_list("user__email", flat=True))
    context = {"report": report, "url": case_url(report)}
    return sum(
        _send("reporter_replied", context, [address], _team_language(team)) for address in addresses
    )


def send_digests(now) -> int:
    """One email per daily-digest member listing the cases that arrived since their last one."""
    sent = 0
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
        if events:
            cases = [
                {"report": event.report, "url": case_url(event.report), "at": event.created_at}
                for event in events
            ]
            context = {"team": membership.team, "cases": cases}
            sent += _send(
                "digest", context, [membership.user.email], _team_language(membership.team)
            )
        TeamMembership.objects.filter(pk=membership.pk).update(digest_sent_at=now)
    return sent
