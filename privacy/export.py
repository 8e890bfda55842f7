"""A person's own data (GDPR art. 15): everything IRS holds about them, nothing of others.

`person_data(user)` gathers it as plain JSON-able values:
- their account: user name, email address, their accounts on wikis;
- their reports, each with what they wrote and gave (type, reported user, page), status,
  the timeline they can see (responders' messages without names, their own replies, status
  changes), the decisions in the words written for them (never the internal facts, notes
  or who decided), their own appeals, and the notification emails sent to them;
- decisions they were sent as the reported user and their appeals of them (never who
  reported them nor the report);
- warnings and suspensions of them as a reporter; their erasure requests.
Left out: internal notes, the evidence snapshot (what other people wrote on the wiki),
the responders' names, other reporters' reports merged with theirs.
"""

from django.utils import timezone

from desk.cases import reporter_timeline
from desk.decisions import deadline
from desk.models import Appeal, AppealRole, Decision, EventKind
from desk.notices import decision_facts
from privacy.models import ErasureRequest
from reports.models import MisuseMeasure, Report
from routing.models import Delivery

FORMAT_VERSION = 1


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def _decision(decision: Decision, language: str) -> dict:
    facts = decision_facts(decision, language)
    return {
        "decided_at": _iso(decision.created_at),
        "actions": facts["actions"],
        "ground": facts["ground"],
        "text_for_you": decision.reporter_text,
        "appeal_result": decision.appeal_result,
        "can_be_contested_until": _iso(deadline(decision)),
    }


def _timeline(report) -> list[dict]:
    out = []
    for event in reporter_timeline(report):
        if event.kind == EventKind.DECISION:
            continue  # the decisions are listed in the words written for the reporter
        entry = {"at": _iso(event.created_at), "kind": event.kind}
        if event.kind == EventKind.STATUS:
            entry["status"] = event.data.get("status", "")
        else:
            entry["from"] = "you" if event.kind == EventKind.REPLY else "responders"
            entry["text"] = event.text
        out.append(entry)
    return out


def _notices(report, addresses: set[str]) -> list[dict]:
    out = []
    for delivery in Delivery.objects.notices().filter(report=report).order_by("created_at", "pk"):
        to = delivery.destination.get("to") if isinstance(delivery.destination, dict) else None
        if not isinstance(to, list) or not addresses.intersection(a.lower() for a in to):
            continue
        out.append(
            {
                "queued_at": _iso(delivery.created_at),
                "sent_at": _iso(delivery.sent_at),
                "status": delivery.status,
                "to": to,
                "subject": delivery.destination.get("subject", ""),
                "text": delivery.destination.get("text", ""),
            }
        )
    return out


def _report(report: Report, user, addresses: set[str]) -> dict:
    case = report.duplicate_of or report
    tombstone = getattr(report, "tombstone", None)  # None when not pseudonymised
    return {
        "reference": report.reference,
        "wiki": report.wiki.slug,
        "created_at": _iso(report.created_at),
        "kind": report.flow,
        "type": report.incident_type,
        "harm": report.harm_subtype,
        "sent_to_responders": report.filed,
        "status": report.status,
        "your_name_on_the_wiki": report.reporter_username,
        "your_email": report.reporter_email,
        "reported_user": report.reported_user,
        "page": report.page_title,
        "revision": report.revision_id,
        "comment_or_topic": report.thread_id,
        "your_description": report.something_else_text,
        "additional_information": report.details,
        "your_report_to_the_responders": report.direct_report_text,
        "language": report.language,
        "merged_into": case.reference if case.pk != report.pk else None,
        "conversation": _timeline(report) if report.queue_id else [],
        "decisions": [_decision(d, report.language) for d in case.decisions.order_by("pk")],
        "your_appeals": [
            {"at": _iso(a.created_at), "text": a.text, "status": a.status}
            for a in Appeal.objects.filter(report=case, appellant=user).order_by("pk")
        ],
        "emails_to_you": _notices(report, addresses),
        "pseudonymised": (
            {"at": _iso(tombstone.created_at), "reason": tombstone.reason} if tombstone else None
        ),
    }


def person_data(user) -> dict:

    addresses = {a.lower() for a in [user.email] if a}
    reports = list(
        Report.objects.filter(reporter=user)
        .select_related("wiki", "duplicate_of", "tombstone")
        .order_by("created_at", "pk")
    )
    addresses |= {r.reporter_email.lower() for r in reports if r.reporter_email}
    as_reported_user = []
    for appeal in (
        Appeal.objects.filter(appellant=user, role=AppealRole.REPORTED_USER)
        .select_related("decision__report__wiki")
        .order_by("pk")
    ):
        decision = appeal.decision
        facts = decision_facts(decision, decision.report.wiki.content_language)
        as_reported_user.append(
            {
                "decision": decision.public_id,
                "decided_at": _iso(decision.created_at),
                "actions": facts["actions"],
                "ground": facts["ground"],
                "facts": decision.facts,
                "your_appeal": {"at": _iso(appeal.created_at), "text": appeal.text},
                "appeal_status": appeal.status,
            }
        )
    return {
        "format": FORMAT_VERSION,
        "generated_at": _iso(timezone.now()),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "joined": _iso(user.date_joined),
            "wiki_accounts": [
                {"wiki": account.wiki.slug, "username": account.username}
                for account in user.wiki_accounts.select_related("wiki").order_by("pk")
            ],
        },
        "reports": [_report(report, user, addresses) for report in reports],
        "decisions_about_you_that_you_contested": as_reported_user,
        "measures_about_your_reports": [
            {
                "kind": measure.kind,
                "wiki": measure.wiki.slug,
                "at": _iso(measure.created_at),
                "ends_at": _iso(measure.ends_at),
                "lifted_at": _iso(measure.lifted_at),
                "reports": measure.reports,
            }
            for measure in MisuseMeasure.objects.filter(reporter=user)
            .select_related("wiki")
            .order_by("pk")
        ],
        "erasure_requests": [
            {
                "requested_at": _iso(item.created_at),
                "status": item.status,
                "done_at": _iso(item.done_at),
                "kept": item.kept,
            }
            for item in ErasureRequest.objects.filter(person=user).order_by("pk")
        ],
    }
