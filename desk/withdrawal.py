"""A reporter withdraws their own report before it is decided (docs/reporting.md).

`withdraw(report, reporter, reason)` does it in one transaction: the status becomes
"withdrawn" (a closed status: the case leaves the open queues and its clocks stop), the
case's timeline gets a status entry carrying the reporter's reason, the audit log an entry,
and the responders (the assignee, else every member of the case's team) one email each
through the outbox (desk.notify). Nothing is erased: the report, its conversation and its
evidence stay, responders can still read the case, record a decision or give it another
status. An erasure request (privacy.erasure) withdraws the same way, for its own reason.

Only while the report is a desk case with no decision and an open status; a second withdrawal
is refused. The status changes with a conditional update, so two requests at once withdraw
once.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk import clocks, notify
from desk.cases import CaseError, _event, _save, audit
from desk.models import AuditAction, CaseEvent, EventKind
from irs import text as irs_text
from reports.models import OPEN_STATUSES, Report, Status

REASON_MAX = 1000


def refusal(report) -> str | None:
    """Why `report` cannot be withdrawn now (translated, for its reporter), or None."""
    if report.status == Status.WITHDRAWN:
        return _("You already withdrew this report. It is kept for the record.")
    if not report.filed or report.queue_id is None:
        return _("This report is not handled on the desk, so there is nothing to withdraw.")
    if report.decided_at is not None or report.status not in OPEN_STATUSES:
        return _(
            "This report was already decided or closed, so it can no longer be withdrawn. "
            "Its page says what was decided and how to contest it."
        )
    return None


def clean_reason(reason: str) -> str:
    """The optional reason under the site's input rule (irs/text.py), trimmed and bounded."""
    try:
        reason = irs_text.clean(reason or "", multiline=True).strip()
    except irs_text.TextError as error:
        raise CaseError(str(error)) from error
    if len(reason) > REASON_MAX:
        raise CaseError(
            _("The reason can be at most %(limit)s characters long.") % {"limit": REASON_MAX}
        )
    return reason


@transaction.atomic
def withdraw(report, reporter, reason: str = "") -> CaseEvent:
    """Withdraw `report` (its own reporter's); CaseError says why not."""
    if report.reporter_id != reporter.pk:
        raise CaseError(_("Only the person who filed a report can withdraw it."))
    reason = clean_reason(reason)
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("queue__team", "assignee", "wiki")
        .get(pk=report.pk)
    )
    problem = refusal(report)
    if problem:
        raise CaseError(problem)
    now = timezone.now()
    claimed = Report.objects.filter(
        pk=report.pk,
        status=report.status,
        decided_at__isnull=True,
        queue__isnull=False,
    ).update(status=Status.WITHDRAWN, updated_at=now)
    if not claimed:  # another request changed it between the read and the write
        raise CaseError(refusal(Report.objects.get(pk=report.pk)) or _("Please try again."))
    previous, report.status = report.status, Status.WITHDRAWN
    changed = clocks.status_changed(report, previous, Status.WITHDRAWN, now)
    if changed:
        _save(report, *changed)
    event = _event(
        report,
        EventKind.STATUS,
        reporter,
        text=reason,
        previous=previous,
        status=Status.WITHDRAWN,
        withdrawn=True,
    )
    audit(reporter, AuditAction.WITHDRAW, report=report, event=event.pk, reason=bool(reason))
    notify.responders_of_withdrawal(report)
    return event


def withdrawal_event(report) -> CaseEvent | None:
    """The timeline entry of the report's withdrawal (by its reporter or their erasure
    request), or None when it is not withdrawn."""
    if report.status != Status.WITHDRAWN:
        return None
    return (
        CaseEvent.objects.filter(
            report=report, kind=EventKind.STATUS, data__status=Status.WITHDRAWN
        )
        .order_by("-created_at", "-id")
        .first()
    )


def replies_closed(report) -> bool:
    """Whether the reporter's reply form is closed: the report is withdrawn and no responder
    has written to them since (a message after the withdrawal opens it again, so a question
    asked of a reporter who withdrew can be answered)."""
    event = withdrawal_event(report)
    if event is None:
        return False
    return not CaseEvent.objects.filter(
        report=report, kind=EventKind.MESSAGE, created_at__gte=event.created_at
    ).exists()
