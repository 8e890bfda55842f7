"""Legal holds: a lead of the case's team (or an operator) keeps a case whole, with a reason.

While a hold is in force the retention purge and erasure requests leave the case alone.
Setting and lifting are audited (desk's audit log, seen by the team's leads).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk import access
from desk.cases import CaseError, audit
from desk.models import AuditAction
from irs import text as irs_text
from privacy.models import LegalHold

REASON_MAX = 1000


def _reason(text: str) -> str:
    try:
        reason = irs_text.clean(text or "", multiline=True).strip()
    except irs_text.TextError as error:
        raise CaseError(str(error)) from error
    if not reason:
        raise CaseError(_("Say why the case must be kept (for example the order's reference)."))
    if len(reason) > REASON_MAX:
        raise CaseError(
            _("The reason can be at most %(limit)s characters long.") % {"limit": REASON_MAX}
        )
    return reason


def can_manage(user, report) -> bool:
    """Leads of the case's team, and operators."""
    if access.is_operator(user):
        return True
    return report.queue_id is not None and access.is_lead(user, report.queue.team)


def active(report) -> LegalHold | None:
    return LegalHold.objects.active().filter(report=report).first()


@transaction.atomic
def place(report, user, reason: str) -> LegalHold:
    reason = _reason(reason)
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(report=report, reason=reason, set_by=user)
    except IntegrityError as error:
        raise CaseError(_("This case is already under legal hold.")) from error
    audit(user, AuditAction.LEGAL_HOLD, report=report, hold=hold.pk, reason=reason)
    return hold


@transaction.atomic
def lift(report, user, reason: str) -> LegalHold:
    reason = _reason(reason)
    hold = LegalHold.objects.active().select_for_update().filter(report=report).first()
    if hold is None:
        raise CaseError(_("This case is not under legal hold."))
    hold.lifted_by = user
    hold.lifted_at = timezone.now()
    hold.lift_reason = reason
    hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
    audit(user, AuditAction.LEGAL_HOLD_LIFT, report=report, hold=hold.pk, reason=reason)
    return hold
