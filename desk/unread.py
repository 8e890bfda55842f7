"""Unread markers: a case with a reporter's reply its assignee has not seen (the queue), a
report with a responders' message its reporter has not read (My reports).

"Seen" is `desk.CaseRead`, one row per person and case, moved on when the responder opens
the case page or the reporter their report's page. Each marker is one query for a whole page
of rows.
"""

from datetime import UTC, datetime

from django.db.models import DateTimeField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from desk.models import CaseEvent, CaseRead, EventKind
from reports.models import Report

NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def mark_seen(user, report) -> None:
    if not user.is_authenticated:
        return
    # One upsert (INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike).
    CaseRead.objects.bulk_create(
        [CaseRead(user=user, report=report, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["report", "user"],
        update_fields=["seen_at"],
    )


def _unseen(kind, reader):
    """Exists: an event of `kind` on the outer report newer than `reader`'s last sight."""
    seen = CaseRead.objects.filter(report=OuterRef(OuterRef("pk")), user=reader).values("seen_at")
    return Exists(
        CaseEvent.objects.filter(
            report=OuterRef("pk"),
            kind=kind,
            created_at__gt=Coalesce(Subquery(seen[:1]), Value(NEVER, DateTimeField())),
        )
    )


def unread_replies(rows) -> set[int]:
    """Ids of `rows` (cases) with a reporter's reply their assignee has not seen."""
    ids = [row.pk for row in rows if row.assignee_id]
    if not ids:
        return set()
    return set(
        Report.objects.filter(pk__in=ids)
        .filter(_unseen(EventKind.REPLY, OuterRef(OuterRef("assignee_id"))))
        .values_list("pk", flat=True)
    )


def unread_messages(user, reports) -> set[int]:
    """Ids of `reports` (the user's own) with a responders' message they have not read."""
    ids = [report.pk for report in reports if report.queue_id]
    if not ids or not user.is_authenticated:
        return set()
    return set(
        Report.objects.filter(pk__in=ids, reporter=user)
        .filter(_unseen(EventKind.MESSAGE, user.pk))
        .values_list("pk", flat=True)
    )
