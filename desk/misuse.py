"""Notifier accuracy and the misuse policy (DSA art. 23).

Every decision says whether the report was founded. Per reporter and wiki, the counts of
founded / unfounded / manifestly unfounded reports are the reporter's track record. After
`manifestly_unfounded_limit` manifestly unfounded reports within `period_days`, the reporter
is warned (a notice with the reasons); the next one within the period while warned suspends
them from non-emergency reports for `suspension_days` (reports.MisuseMeasure, a refusal in
eligibility). A lead can lift a suspension; lifting is audited. Emergency reports are never
refused by a suspension.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from desk import notices
from desk.cases import CaseError, audit
from desk.models import AuditAction, Decision, WellFounded
from reports.models import MisuseKind, MisuseMeasure, Report
from wikis import accountability

LIFT_REASON_MAX = 1000


def _latest_decisions(reports):
    """The latest decision of each of `reports` (an appeal's answer replaces the first)."""
    newest = (
        Decision.objects.filter(report=OuterRef("report"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return Decision.objects.filter(report__in=reports, pk=Subquery(newest))


def track_record(reports) -> dict:
    """{founded, unfounded, manifestly-unfounded: count} over `reports`' latest decisions."""
    counts = dict(
        _latest_decisions(reports)
        .exclude(well_founded="")
        .values_list("well_founded")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {value: counts.get(value, 0) for value in WellFounded.values}


def manifestly_unfounded(reporter, wiki, since) -> list[str]:
    """References of the reporter's reports on the wiki whose latest decision, made since
    `since`, found them manifestly unfounded."""

    reports = Report.objects.filter(reporter=reporter, wiki=wiki)
    return list(
        _latest_decisions(reports)
        .filter(well_founded=WellFounded.MANIFESTLY_UNFOUNDED, created_at__gte=since)
        .order_by("created_at", "id")
        .values_list("report__reference", flat=True)
    )


def suspension_in_force(reporter, wiki, now=None) -> MisuseMeasure | None:
    now = now or timezone.now()
    return (
        MisuseMeasure.objects.filter(
            reporter=reporter,
            wiki=wiki,
            kind=MisuseKind.SUSPENSION,
            lifted_at__isnull=True,
            ends_at__gt=now,
        )
        .order_by("-ends_at")
        .first()
    )


def after_decision(decision: Decision, now=None) -> MisuseMeasure | None:
    """Warn or suspend the reporter if this decision crosses the wiki's threshold."""

    if decision.well_founded != WellFounded.MANIFESTLY_UNFOUNDED:
        return None
    report = decision.report
    if report.is_emergency:
        return None  # an emergency report never counts towards a suspension
    now = now or timezone.now()
    rules = accountability.misuse(report.wiki.config)
    since = now - timedelta(days=int(rules["period_days"]))
    found = manifestly_unfounded(report.reporter, report.wiki, since)
    limit = int(rules["manifestly_unfounded_limit"])
    if len(found) < limit:
        return None
    if suspension_in_force(report.reporter, report.wiki, now) is not None:
        return None
    last = (
        MisuseMeasure.objects.filter(
            reporter=report.reporter, wiki=report.wiki, created_at__gte=since
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        kind, ends_at = MisuseKind.WARNING, None
    elif set(found) - set(last.reports or []):
        # Warned (or suspended before) and another one since: suspended.
        kind = MisuseKind.SUSPENSION
        ends_at = now + timedelta(days=int(rules["suspension_days"]))
    else:
        return None  # the reports that count were already acted on
    measure = MisuseMeasure.objects.create(
        reporter=report.reporter,
        wiki=report.wiki,
        kind=kind,
        created_at=now,
        ends_at=ends_at,
        reports=found,
    )

    audit(
        None,
        AuditAction.SUSPENSION if kind == MisuseKind.SUSPENSION else AuditAction.MISUSE_WARNING,
        report=report,
        measure=measure.pk,
        reporter=report.reporter_username,
        reports=found,
        ends_at=ends_at.isoformat() if ends_at else None,
    )
    notices.misuse_measure(measure, report)
    return measure


def visible_measures(reporter, wiki):
    return MisuseMeasure.objects.filter(reporter=reporter, wiki=wiki).order_by("-created_at")


@transaction.atomic
def lift(measure: MisuseMeasure, user, reason: str, report=None) -> None:

    if not measure.in_force():
        raise CaseError(_("This suspension is not in force."))
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise CaseError(_("Say why you lift the suspension."))
    if len(reason) > LIFT_REASON_MAX:
        raise CaseError(
            _("The reason can be at most %(limit)s characters long.") % {"limit": LIFT_REASON_MAX}
        )
    now = timezone.now()
    changed = MisuseMeasure.objects.filter(pk=measure.pk, lifted_at__isnull=True).update(
        lifted_at=now, lifted_by=user, lift_reason=reason
    )
    if not changed:
        raise CaseError(_("This suspension is not in force."))
    audit(
        user,
        AuditAction.SUSPENSION_LIFT,
        report=report,
        measure=measure.pk,
        reporter=measure.reporter.get_username(),
        reason=reason,
    )
