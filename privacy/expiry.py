"""When a report's personal data expires under its wiki's retention policy (wikis.retention).

- A visit that only showed support information (not filed): `information_days` after it.
- A closed case: `closed_months` (emergencies: the safety team's `emergency_months`) after
  the later of its last activity on the timeline and the end of the appeal window of its
  last decision (for a merged duplicate: the decision on the case it was merged into).
- A case that is still open, or has an appeal waiting, never expires.

Views and overdue reminders are not activity: reading a case does not restart its clock.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from desk.models import Appeal, AppealStatus, CaseEvent, Decision, EventKind
from privacy.models import LegalHold
from reports.models import CLOSED_STATUSES
from wikis.accountability import add_months, appeal_deadline
from wikis.retention import Policy

# Statuses after which nothing more happens to a case unless someone reopens it.
CLOSED = CLOSED_STATUSES
NOT_ACTIVITY = [EventKind.VIEWED, EventKind.OVERDUE]


def expires_at(
    *,
    filed: bool,
    emergency: bool,
    created_at: datetime,
    last_activity: datetime | None,
    last_decision: datetime | None,
    open_appeal: bool,
    policy: Policy,
    config: dict,
) -> datetime | None:
    if not filed:
        return created_at + timedelta(days=policy.information_days)
    if open_appeal:
        return None
    start = max(created_at, last_activity or created_at)
    if last_decision is not None:
        start = max(start, appeal_deadline(config, last_decision))
    return add_months(start, policy.emergency_months if emergency else policy.closed_months)


def annotate(reports):
    """`reports` with what `expires_at` needs (one query for a whole batch)."""
    activity = (
        CaseEvent.objects.filter(report=OuterRef("pk"))
        .exclude(kind__in=NOT_ACTIVITY)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    decision = (
        Decision.objects.filter(Q(report=OuterRef("pk")) | Q(report=OuterRef("duplicate_of")))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    waiting = Appeal.objects.filter(
        Q(report=OuterRef("pk")) | Q(report=OuterRef("duplicate_of")),
        status=AppealStatus.OPEN,
    )

    held = LegalHold.objects.active().filter(report=OuterRef("pk"))
    return reports.annotate(
        last_activity=Subquery(activity),
        last_decision=Subquery(decision),
        open_appeal=Exists(waiting),
        held=Exists(held),
    )


def candidates(reports):
    """Reports whose data may expire: not yet pseudonymised, and closed or never filed."""
    return reports.filter(tombstone__isnull=True).filter(Q(filed=False) | Q(status__in=CLOSED))
