"""Everything the case page shows, gathered in a fixed number of queries."""

import json

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from desk import access, audit_details, cases, clocks, decisions, misuse
from desk.deliveries import deliveries_for
from desk.models import AppealResult, AppealRole, CaseEvent, EventKind, WellFounded
from reports import catalog, location
from reports.models import Outcome, Report, Status
from wikis import accountability

EARLIER_LIMIT = 10


def permalink(report) -> str:
    """The reported revision on the wiki, at the thread (reports.location's builder).

    The evidence snapshot's own permalink (the anchor the capture found) wins when present.
    """
    evidence = report.evidence if isinstance(report.evidence, dict) else {}
    captured = evidence.get("permalink")
    if isinstance(captured, str) and captured.startswith(("https://", "http://")):
        return captured
    config = report.wiki.read_config()
    return location.permalink(config, report.revision_id, anchor=report.thread_id)


def evidence_text(report) -> str:
    if not report.evidence:
        return ""
    return json.dumps(report.evidence, indent=2, ensure_ascii=False, sort_keys=True)


EVIDENCE_STATUS = {
    "pending": gettext_lazy("Being captured from the wiki"),
    "captured": gettext_lazy("Captured from the wiki"),
    "failed": gettext_lazy("Could not be captured"),
    "not-applicable": gettext_lazy("Nothing to capture (no page given)"),
}


def evidence_view(report) -> dict | None:
    """The snapshot (reports.evidence shape) as labelled fields, the captured text apart."""
    evidence = report.evidence
    if not isinstance(evidence, dict) or not evidence:
        return None
    revision = evidence.get("revision")
    if not isinstance(revision, dict):
        revision = {}
    page = evidence.get("page")
    if not isinstance(page, dict):
        page = {}
    fields = [
        (gettext_lazy("Captured at"), evidence.get("captured_at")),
        (gettext_lazy("Page"), page.get("title")),
        (gettext_lazy("Revision"), revision.get("id")),
        (gettext_lazy("Revision time"), revision.get("timestamp")),
        (gettext_lazy("Revision by"), revision.get("user")),
        (gettext_lazy("Edit summary"), revision.get("comment")),
        (pgettext_lazy("wiki page section", "Section"), evidence.get("section")),
        (gettext_lazy("Comment by"), evidence.get("author")),
        (gettext_lazy("Why it could not be captured"), evidence.get("error")),
    ]
    status = str(evidence.get("status") or "")
    return {
        "status": EVIDENCE_STATUS.get(status, status),
        "fields": [(label, value) for label, value in fields if value not in (None, "")],
        "text": evidence.get("text") if isinstance(evidence.get("text"), str) else "",
        "truncated": bool(evidence.get("text_truncated")),
    }


def earlier_reports(report, viewer) -> dict:
    """Earlier reports on the same wiki by the same reporter and about the same user.

    Counts, outcomes and links cover only the cases the viewer may open (desk.access): a
    community responder must not learn that the reporter filed emergency reports that only
    the safety team sees, nor about cases in another team's queues or their own recusals.
    """
    base = access.restrict_to_visible(
        Report.objects.filter(wiki_id=report.wiki_id, created_at__lt=report.created_at).exclude(
            status=Status.INFORMATION
        ),
        viewer,
    )
    result = {}
    groups = {"reporter": base.filter(reporter_id=report.reporter_id)}
    if report.reported_user:
        groups["reported"] = base.filter(reported_user=report.reported_user)
    for key, reports in groups.items():
        # COUNT(*), not of the id: the reporter-history index then answers alone.
        by_outcome = dict(reports.values_list("outcome").annotate(n=Count("*")).order_by())
        result[key] = {
            "count": sum(by_outcome.values()),
            # Per-reporter (and per-reported-user) outcome tracking: how earlier reports ended.
            "outcomes": [
                (str(o.label), by_outcome[o.value]) for o in Outcome if by_outcome.get(o.value)
            ],
            "visible": list(
                reports.order_by("-created_at").only("reference", "created_at", "status", "flow")[
                    :EARLIER_LIMIT
                ]
            ),
        }
    return result


def describe(event, teams: dict[str, str] | None = None) -> str:
    """One timeline entry's facts in words; `teams`: team labels by slug (timeline fetches
    them once for every escalation)."""
    data = event.data or {}
    if event.kind == EventKind.STATUS:
        return _("%(previous)s → %(status)s") % {
            "previous": _desk_status(data.get("previous")),
            "status": _desk_status(data.get("status")),
        }
    if event.kind == EventKind.ASSIGNED:
        return data.get("assignee") or _("Unassigned")
    if event.kind == EventKind.ESCALATED:
        if teams is None:
            teams = audit_details.team_labels([data.get("from_team"), data.get("to_team")])
        names = {
            "from_team": teams.get(data.get("from_team", ""), data.get("from_team", "")),
            "to_team": teams.get(data.get("to_team", ""), data.get("to_team", "")),
        }
        if data.get("former_access"):
            return _("From %(from_team)s to %(to_team)s; %(from_team)s keeps read access") % names
        return _("From %(from_team)s to %(to_team)s") % names
    if event.kind == EventKind.ACCESS_RESTRICTED:
        return _("%(team)s can no longer read this case") % {
            "team": event.team.label if event.team else data.get("former_team", "")
        }
    if event.kind == EventKind.ARRIVED:
        return event.team.label if event.team else ""
    if event.kind == EventKind.MERGED:
        return _("Duplicate of %(reference)s") % {"reference": data.get("into", "")}
    if event.kind == EventKind.DUPLICATE_ADDED:
        return _("%(reference)s merged into this case") % {"reference": data.get("duplicate", "")}
    if event.kind == EventKind.OUTCOME:
        return _label(Outcome, data.get("outcome"))
    if event.kind == EventKind.DECISION:
        config = event.report.wiki.config
        actions = ", ".join(accountability.action_label(config, a) for a in data.get("actions", []))
        if data.get("appeal_result"):
            return f"{actions} ({_label(AppealResult, data['appeal_result'])})"
        return actions
    if event.kind == EventKind.APPEAL:
        return _label(AppealRole, data.get("role"))
    if event.kind == EventKind.OVERDUE:
        return str(clocks.CLOCK_LABELS.get(str(data.get("clock")), ""))
    return ""


def _desk_status(value) -> str:
    try:
        return str(cases.status_label(value))
    except ValueError:
        return value or ""


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def timeline(report) -> list:
    events = list(
        CaseEvent.objects.filter(report=report)
        .exclude(kind=EventKind.VIEWED)
        .select_related("actor", "team")
        .order_by("created_at", "id")
    )
    teams = audit_details.team_labels(
        slug
        for event in events
        if event.kind == EventKind.ESCALATED
        for slug in ((event.data or {}).get("from_team"), (event.data or {}).get("to_team"))
    )
    for event in events:
        event.summary = describe(event, teams)  # type: ignore[attr-defined]
    return events


def type_label(report) -> str:
    return catalog.report_type_label(report)


def case_context(report, viewer) -> dict:
    events = timeline(report)
    return {
        "report": report,
        "type_label": type_label(report),
        "team": report.queue.team,
        "permalink": permalink(report),
        "evidence": evidence_text(report),
        "snapshot": evidence_view(report),
        "earlier": earlier_reports(report, viewer),
        "deliveries": deliveries_for(report),
        "timeline": events,
        "members": list(access.assignable(report, cases.assignable_members(report)).distinct()),
        "statuses": [(s.value, cases.status_label(s)) for s in cases.SETTABLE_STATUSES],
        **decision_context(report, viewer),
        "escalation_targets": list(cases.escalation_targets(report)),
        "limits": {
            "note": cases.NOTE_MAX,
            "message": cases.MESSAGE_MAX,
            "reason": cases.REASON_MAX,
            "facts": decisions.FACTS_MAX,
            "reporter_text": decisions.REPORTER_TEXT_MAX,
        },
        "duplicates": list(report.duplicates.only("reference").order_by("created_at")),
        # Only an escalated case has former teams: no query for the others.
        "former_teams": cases.former_teams(report)
        if any(event.kind == EventKind.ESCALATED for event in events)
        else [],
    }


def read_only_context(report, former, viewer) -> dict:
    """The case page for a member of a team that escalated it away (desk.access): the same
    case, where it went, its status and decision, and no form."""
    return {
        **case_context(report, viewer),
        "former": former,
        "is_lead": False,
        "members": [],
        "escalation_targets": [],
        "former_teams": [],
    }


def merge_comparison(duplicate, target) -> dict:
    """The merge confirmation: both cases side by side, and what differs between them."""
    same_reporter = duplicate.reporter_id == target.reporter_id
    duplicate_type = type_label(duplicate)
    target_type = type_label(target)
    same_type = (duplicate.flow, duplicate.incident_type, duplicate.harm_subtype) == (
        target.flow,
        target.incident_type,
        target.harm_subtype,
    )
    return {
        "report": duplicate,
        "target": target,
        "cases": [(duplicate, duplicate_type), (target, target_type)],
        "same_reporter": same_reporter,
        "same_type": same_type,
        "same_reported_user": (duplicate.reported_user or "").casefold()
        == (target.reported_user or "").casefold(),
    }


def decision_context(report, viewer) -> dict:
    """The decision panel: earlier decisions, the open appeal, the form's choices, the
    reporter's track record (cases the viewer may open only), a suspension, the clock."""
    config = report.wiki.read_config()
    history = list(report.decisions.prefetch_related("appeals").order_by("created_at", "id"))
    for decision in history:
        decision.action_labels = [accountability.action_label(config, a) for a in decision.actions]
        decision.ground_label = (
            accountability.ground_label(config, decision.ground) if decision.ground else ""
        )
    appeal = decisions.open_appeal(report)
    visible = access.restrict_to_visible(
        Report.objects.filter(wiki_id=report.wiki_id, reporter_id=report.reporter_id), viewer
    )
    track = misuse.track_record(visible)
    return {
        "decisions": history,
        "appeal": appeal,
        "appeal_own": bool(appeal and appeal.decision.decided_by_id == viewer.pk),
        "appeal_results": AppealResult.choices,
        "decision_actions": accountability.actions(config),
        "decision_grounds": accountability.grounds(config),
        "reporter_texts": accountability.reporter_texts(config, report.language),
        "well_founded": WellFounded.choices,
        "track": {key.replace("-", "_"): n for key, n in track.items()},
        "suspension": misuse.suspension_in_force(report.reporter, report.wiki),
        "is_lead": access.is_lead(viewer, report.queue.team),
        "clock": clocks.state(report),
    }
