"""Replace a report's personal data by a tombstone that says when and why.

Replaced: the reporter's name and email, the reported user, where it happened (page,
thread, revision), every free text (the report's texts, the timeline's notes, messages and
replies, the decisions' facts and texts, appeals), the evidence snapshot, and the notification
emails' addresses and texts. Kept: the row, its reference, wiki, flow, type, status,
timestamps and clocks, the decisions' actions, grounds and well-founded verdicts, the
reporter account link (misuse counts): everything the transparency counts need.

`pseudonymise(ids, reason=..., at=..., run=...)` does a batch in a few UPDATE statements
per language (the tombstone is written in the report's language) and records a Tombstone
and an audit entry for each report. Reports already pseudonymised are left alone.
"""

from django.db import transaction
from django.db.models import Case, JSONField, Value, When
from django.utils import formats, translation
from django.utils.translation import gettext

from desk.models import Appeal, AuditAction, AuditEntry, CaseEvent, Decision
from privacy.models import Tombstone, TombstoneReason
from reports.models import Report
from routing.models import Delivery, DeliveryStatus

SYSTEM_ACTOR = "privacy"


def tombstone_text(reason: str, at, language: str) -> str:
    with translation.override(language):
        when = formats.date_format(at, "DATE_FORMAT")
        why = TombstoneReason(reason).label
        return gettext("[Removed on %(date)s: %(reason)s.]") % {"date": when, "reason": why}


def _kept_empty(field: str, text: str):
    """`text`, except where the field was empty: it stays empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(text))


@transaction.atomic
def pseudonymise(ids, *, reason: str, at, run=None, actor=None) -> int:
    rows = list(
        Report.objects.filter(pk__in=list(ids), tombstone__isnull=True)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", "language", "queue__team_id")
    )
    if not rows:
        return 0
    by_language: dict[str, list[int]] = {}
    for pk, language, _team in rows:
        by_language.setdefault(language or "en", []).append(pk)
    marker = {"removed": at.isoformat(), "reason": reason}
    for language, pks in by_language.items():
        text = tombstone_text(reason, at, language)
        Report.objects.filter(pk__in=pks).update(
            reporter_username="",
            reporter_email="",
            reported_user="",
            page_title="",
            thread_id="",
            revision_id=None,
            details=_kept_empty("details", text),
            something_else_text=_kept_empty("something_else_text", text),
            direct_report_text=_kept_empty("direct_report_text", text),
        )
        CaseEvent.objects.filter(report_id__in=pks).exclude(text="").update(text=text)
        Decision.objects.filter(report_id__in=pks).update(
            facts=_kept_empty("facts", text),
            reporter_text=_kept_empty("reporter_text", text),
            well_founded_reason=_kept_empty("well_founded_reason", text),
        )
        Appeal.objects.filter(report_id__in=pks).update(text=text)
    pks = [pk for pk, _language, _team in rows]
    Report.objects.filter(pk__in=pks, evidence__isnull=False).update(
        evidence=Value(marker, output_field=JSONField())
    )
    # Notification emails already sent or given up on (a pending one is still on its way).
    Delivery.objects.notices().filter(
        report_id__in=pks, status__in=[DeliveryStatus.SENT, DeliveryStatus.DEAD]
    ).update(destination=Value(marker, output_field=JSONField()))
    Tombstone.objects.bulk_create(
        [Tombstone(report_id=pk, reason=reason, created_at=at, run=run) for pk in pks]
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                created_at=at,
                actor=actor,
                actor_name=actor.get_username() if actor is not None else SYSTEM_ACTOR,
                action=AuditAction.PSEUDONYMISE,
                report_id=pk,
                team_id=team,
                details={"reason": reason, "run": run.pk if run is not None else None},
            )
            for pk, _language, team in rows
        ]
    )
    return len(pks)
