"""Notices about decisions, appeals, misuse measures and overdue cases, through the outbox.

Each function is called inside the transaction that records what it tells about, and queues
one delivery per recipient: emails with routing.notices, statements of reasons to the
reported user through the wiki (routing.channels.wiki_user: an email through the wiki or a
user-talk message). Each is retried and visible to operators when dead.

Privacy rules kept here:
- the reporter reads the text written for them, the actions in plain words, the ground and
  how to contest, never the internal facts, notes or who decided;
- the reported user reads the actions, the ground, the facts and how to contest, never who
  reported them nor the report's text; emergency cases never notify them automatically;
- emails to responders link to the case; they never carry the reporter's name or email.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from desk.models import AppealRole, Decision, TeamMembership
from routing import notices as outbox
from routing.channels.wiki_user import queue_message
from wikis import accountability


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _reporter_address(report) -> str:
    return report.reporter_email or report.reporter.email


def decision_facts(decision: Decision, language: str) -> dict:
    """The decision's parts in `language`: plain actions, ground label and link, deadline."""
    from desk.decisions import deadline

    config = decision.report.wiki.config
    with translation.override(language):
        ground = next(
            (g for g in accountability.grounds(config) if g["key"] == decision.ground), None
        )
        return {
            "actions": [
                accountability.action_label(config, a, plain=True) for a in decision.actions
            ],
            "action_labels": [accountability.action_label(config, a) for a in decision.actions],
            "ground": ground["label"] if ground else decision.ground,
            "ground_url": (ground or {}).get("url", ""),
            "ground_page": (ground or {}).get("page", ""),
            "deadline": deadline(decision),
            "deadline_text": formats.date_format(deadline(decision), "DATE_FORMAT"),
            "appeal_result": decision.get_appeal_result_display() if decision.answers_id else "",
        }


def reporter_page_url(report) -> str:
    return _absolute(reverse("reports:detail", args=[report.reference]))


def decision_recorded(decision: Decision) -> None:
    """The reporter (and the reporters of cases merged into it) hear of the decision; the
    reported user gets a statement of reasons when the wiki asks for it."""
    report = decision.report
    readers = [report, *report.duplicates.select_related("reporter")]
    for own in readers:
        language = own.language
        context = {
            "report": own,
            "case": report,
            "decision": decision,
            "facts": decision_facts(decision, language),
            "url": reporter_page_url(own),
            "duplicate": own.pk != report.pk,
        }
        outbox.enqueue(
            _reporter_address(own),
            "desk/email/decision",
            context,
            language=language,
            report=own,
        )
    if decision.reported_user_notified:
        reported_user_statement(decision)


def reported_user_statement(decision: Decision):
    """A statement of reasons to the reported user through the wiki's chosen channel."""
    from django.template.loader import render_to_string

    report = decision.report
    language = report.wiki.content_language
    channel = accountability.reported_user_channel(report.wiki.config)
    url = _absolute(reverse("desk:public_decision", args=[decision.public_id]))
    context = {
        "decision": decision,
        "facts": decision_facts(decision, language),
        "wiki": report.wiki,
        "user": report.reported_user,
        "url": url,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("desk/email/statement_subject.txt", context).split())
        text = render_to_string("desk/email/statement.txt", context)
        link_label = translation.gettext("Read the decision and contest it")
    return queue_message(
        report,
        channel=channel.get("channel", "email"),
        credential=channel.get("credential", ""),
        user=report.reported_user,
        subject=subject,
        text=text,
        link=url,
        link_label=link_label,
    )


def appeal_received(appeal) -> None:
    """The team hears of an appeal (not the member whose decision is contested: they may not
    decide it); a reporter who contests gets a receipt."""
    report = appeal.report
    team = report.queue.team if report.queue_id else None
    if team is not None:
        members = (
            TeamMembership.objects.filter(team=team)
            .exclude(user_id=appeal.decision.decided_by_id)
            .select_related("user")
            .order_by("pk")
        )
        context = {
            "report": report,
            "team": team,
            "url": _absolute(reverse("desk:case", args=[report.reference])),
        }
        for membership in members:
            outbox.enqueue(
                membership.user.email,
                "desk/email/appeal",
                context,
                language=team.email_language,
                report=report,
            )
    if appeal.role == AppealRole.REPORTER:
        own = report
        if appeal.appellant_id != report.reporter_id:
            own = report.duplicates.filter(reporter_id=appeal.appellant_id).first() or report
        outbox.enqueue(
            _reporter_address(own),
            "desk/email/appeal_receipt",
            {"report": own, "url": reporter_page_url(own)},
            language=own.language,
            report=own,
        )


def misuse_measure(measure, report) -> None:
    """A warning or a suspension, with the reasons, until when and how to contest."""
    language = report.language
    config = report.wiki.config
    context = {
        "measure": measure,
        "report": report,
        "wiki": report.wiki,
        "references": measure.reports,
        "limit": accountability.misuse(config)["manifestly_unfounded_limit"],
        "period_days": accountability.misuse(config)["period_days"],
        "url": _absolute(reverse("reports:mine")),
    }
    with translation.override(language):
        if measure.ends_at:
            context["until"] = formats.date_format(measure.ends_at, "DATETIME_FORMAT")
    outbox.enqueue(
        _reporter_address(report),
        f"desk/email/misuse_{measure.kind}",
        context,
        language=language,
        report=report,
    )


def case_overdue(report, event) -> None:
    """The leads of the case's team hear, once, that a case passed its target."""
    from desk.clocks import CLOCK_LABELS

    team = report.queue.team
    leads = TeamMembership.objects.filter(team=team, is_lead=True).select_related("user")
    language = team.email_language
    with translation.override(language):
        clock = str(CLOCK_LABELS.get(event.data.get("clock"), ""))
    context = {
        "report": report,
        "team": team,
        "clock": clock,
        "url": _absolute(reverse("desk:case", args=[report.reference])),
    }
    for membership in leads.order_by("pk"):
        outbox.enqueue(
            membership.user.email,
            "desk/email/overdue",
            context,
            language=language,
            report=report,
        )
