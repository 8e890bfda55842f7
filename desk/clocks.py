"""Response-time clocks: time to first response and time to decision, per wiki and flow/type.

A case's clock runs from its filing. "First response" is a message to the reporter, a status
change away from Received, or a decision. Both clocks stand still while the case waits for
the reporter (`waiting_since`, `paused_seconds`). Targets come from wikis.accountability.
`notify_overdue(now)` (manage.py desk_clocks) tells a team's leads once per case and clock.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desk.models import CaseEvent, EventKind
from reports.models import Report, Status
from wikis import accountability

FIRST_RESPONSE = "first-response"
DECISION = "decision"
CLOCK_LABELS = {
    FIRST_RESPONSE: _("first response"),
    DECISION: _("decision"),
}
OPEN = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING, Status.ESCALATED]


def targets(report) -> dict:
    return accountability.response_targets(
        report.wiki.read_config(), emergency=report.is_emergency, type_key=report.incident_type
    )


def responded(report, now) -> list[str]:
    """Mark the first response (if none yet); the fields changed."""
    if report.first_response_at is None:
        report.first_response_at = now
        return ["first_response_at"]
    return []


def status_changed(report, previous: str, status: str, now) -> list[str]:
    """Pause or resume the clocks, and count a move away from Received as a response."""
    changed = []
    if status == Status.WAITING and report.waiting_since is None:
        report.waiting_since = now
        changed.append("waiting_since")
    elif previous == Status.WAITING and report.waiting_since is not None:
        report.paused_seconds += max(0, int((now - report.waiting_since).total_seconds()))
        report.waiting_since = None
        changed += ["waiting_since", "paused_seconds"]
    if previous == Status.NEW and status != Status.NEW:
        changed += responded(report, now)
    return changed


def paused_for(report, now) -> timedelta:
    seconds = report.paused_seconds
    if report.waiting_since is not None:
        seconds += max(0, int((now - report.waiting_since).total_seconds()))
    return timedelta(seconds=seconds)


def running(report) -> str | None:
    """The clock that runs for this case, or None (decided, closed, not a case)."""
    if report.queue_id is None or report.status not in OPEN:
        return None
    if report.first_response_at is None:
        return FIRST_RESPONSE
    if report.decided_at is None:
        return DECISION
    return None


def state(report, now=None, target_map: dict | None = None) -> dict | None:
    """{clock, label, due, left, overdue, paused} for the running clock, or None."""
    now = now or timezone.now()
    clock = running(report)
    if clock is None:
        return None
    target = (target_map or targets(report))[
        "first_response" if clock == FIRST_RESPONSE else "decision"
    ]
    due = report.created_at + target + paused_for(report, now)
    left = due - now
    return {
        "clock": clock,
        "label": CLOCK_LABELS[clock],
        "due": due,
        "left": left,
        "overdue": left < timedelta(0),
        "paused": report.waiting_since is not None,
    }


def expected(report) -> dict:
    """What the reporter is told: hours to a first response and to a decision."""
    return accountability.expected_hours(
        report.wiki.config, emergency=report.is_emergency, type_key=report.incident_type
    )


def notify_overdue(now=None) -> int:
    """Tell the leads of each overdue case's team, once per case and clock. The number of
    cases newly found overdue."""
    from desk import notices

    now = now or timezone.now()
    # The shortest target any wiki can set is an hour: younger cases cannot be overdue.
    candidates = (
        Report.objects.filter(
            queue__isnull=False, status__in=OPEN, created_at__lte=now - timedelta(hours=1)
        )
        .filter(decided_at__isnull=True)
        .select_related("wiki", "queue__team__wiki")
        .order_by("created_at", "id")
    )
    found = 0
    for report in candidates.iterator():
        current = state(report, now)
        if current is None or not current["overdue"]:
            continue
        with transaction.atomic():
            if CaseEvent.objects.filter(
                report=report, kind=EventKind.OVERDUE, data__clock=current["clock"]
            ).exists():
                continue
            event = CaseEvent.objects.create(
                report=report,
                kind=EventKind.OVERDUE,
                team=report.queue.team,
                data={"clock": current["clock"], "due": current["due"].isoformat()},
            )
            notices.case_overdue(report, event)
            found += 1
    return found
