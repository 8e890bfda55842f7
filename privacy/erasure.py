"""A person's erasure request (GDPR art. 17), in two steps.

1. `request_erasure(user)`: the person asks (My reports). Their reports not yet decided are
   withdrawn at once (status "withdrawn", the case's assignee or team told by email), so
   nobody works on them any more. The request waits for an operator, with a deadline
   (IRS_ERASURE_DEADLINE_DAYS, 30).
2. `carry_out(request, operator)`: every report of theirs is pseudonymised (privacy.
   pseudonymise, reason "erasure") except what must be kept for now: a case under legal hold,
   a case whose appeal waits for a decision, a decision that can still be contested (until
   its deadline). Those are listed in the request with why and until when, and the person is
   told by email; the daily purge pseudonymises each once nothing keeps it. The account's
   email address and names are cleared; the user name stays (it is how they log in).

Every step is audited: the request, each withdrawal, the carrying out.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk import notify
from desk.cases import CaseError, _set_status, audit
from desk.decisions import deadline, latest
from desk.models import Appeal, AppealStatus, AuditAction
from privacy.models import (
    ErasureKeep,
    ErasureRequest,
    ErasureStatus,
    KeepReason,
    LegalHold,
    TombstoneReason,
)
from privacy.pseudonymise import pseudonymise
from reports.models import OPEN_STATUSES, Report, Status
from routing import notices

BATCH = 1000


def undecided(user):
    """The person's reports responders may still be working on."""
    return Report.objects.filter(
        reporter=user,
        filed=True,
        decided_at__isnull=True,
        status__in=OPEN_STATUSES,
        tombstone__isnull=True,
    )


def keep_reason(report, now) -> tuple[str, datetime | None] | None:
    """(why, until) if `report` must be kept now; until is None for "as long as it lasts"."""
    if LegalHold.objects.active().filter(report=report).exists():
        return KeepReason.LEGAL_HOLD, None
    case = report.duplicate_of or report
    if Appeal.objects.filter(report=case, status=AppealStatus.OPEN).exists():
        return KeepReason.OPEN_APPEAL, None
    decision = latest(case)
    if decision is not None and deadline(decision) > now:
        return KeepReason.APPEAL_WINDOW, deadline(decision)
    return None


def open_request(user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(person=user, status=ErasureStatus.RECEIVED).first()


def preview(user, now=None) -> dict:
    """What a request made now would do: withdraw these, keep those (why, until)."""
    now = now or timezone.now()
    withdraw = list(undecided(user).select_related("wiki"))
    withdrawing = {r.pk for r in withdraw}
    keep = []
    for report in Report.objects.filter(reporter=user, tombstone__isnull=True).select_related(
        "duplicate_of"
    ):
        if report.pk in withdrawing:
            continue
        found = keep_reason(report, now)
        if found:
            keep.append({"report": report, "why": KeepReason(found[0]).label, "until": found[1]})
    return {"withdraw": withdraw, "keep": keep}


def _tell_responders(report) -> None:
    addresses, language = notify.responders(report)
    context = {"report": report, "url": notify.case_url(report)}
    for address in dict.fromkeys(a for a in addresses if a):
        notices.enqueue(
            address, "privacy/email/withdrawn", context, language=language, report=report
        )


@transaction.atomic
def request_erasure(user) -> ErasureRequest:
    existing = open_request(user)
    if existing is not None:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                person=user,
                created_at=now,
                deadline_at=now + timedelta(days=settings.IRS_ERASURE_DEADLINE_DAYS),
            )
    except IntegrityError:  # the same person twice at once: theirs is the one
        return open_request(user)  # type: ignore[return-value]
    for report in undecided(user).select_related("queue__team__wiki", "assignee").order_by("pk"):
        _set_status(report, Status.WITHDRAWN, user, notify_reporter=False)
        audit(user, AuditAction.WITHDRAW, report=report, erasure=request.pk)
        _tell_responders(report)
        request.withdrawn.append(report.reference)
    request.save(update_fields=["withdrawn"])
    audit(user, AuditAction.ERASURE_REQUEST, erasure=request.pk, withdrawn=request.withdrawn)
    return request


def _language(user) -> str:
    last = Report.objects.filter(reporter=user).order_by("-created_at").first()
    return last.language if last is not None else settings.LANGUAGE_CODE


@transaction.atomic
def carry_out(request: ErasureRequest, operator, now=None) -> ErasureRequest:
    now = now or timezone.now()
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.RECEIVED:
        raise CaseError(_("This request was already carried out."))
    person = request.person
    erase, kept = [], []
    for report in (
        Report.objects.filter(reporter=person, tombstone__isnull=True)
        .select_related("duplicate_of")
        .order_by("pk")
        .iterator()
    ):
        found = keep_reason(report, now)
        if found is None:
            erase.append(report.pk)
            continue
        why, until = found
        ErasureKeep.objects.create(request=request, report=report, why=why, until=until)
        kept.append(
            {
                "reference": report.reference,
                "why": why,
                "until": until.isoformat() if until else None,
            }
        )
    done = 0
    for start in range(0, len(erase), BATCH):
        done += pseudonymise(
            erase[start : start + BATCH], reason=TombstoneReason.ERASURE, at=now, actor=operator
        )
    address = person.email
    language = _language(person)
    person.email = ""
    person.first_name = ""
    person.last_name = ""
    person.save(update_fields=["email", "first_name", "last_name"])
    request.status = ErasureStatus.DONE
    request.done_at = now
    request.done_by = operator
    request.pseudonymised = done
    request.kept = kept
    request.save(update_fields=["status", "done_at", "done_by", "pseudonymised", "kept"])
    context = {
        "request": request,
        "kept": [
            {**item, "why_label": KeepReason(str(item["why"])).label, "until_at": keep.until}
            for item, keep in zip(kept, request.keeps.order_by("pk"), strict=True)
        ],
        "pseudonymised": done,
    }
    notices.enqueue(address, "privacy/email/erasure_done", context, language=language)
    audit(
        operator,
        AuditAction.ERASURE_DONE,
        erasure=request.pk,
        pseudonymised=done,
        kept=[item["reference"] for item in kept],
    )
    return request


def release_keeps(now, *, dry_run: bool = False, run=None) -> int:
    """Pseudonymise what erasure requests kept, once nothing keeps it any more."""
    released = 0
    pending = ErasureKeep.objects.filter(released_at__isnull=True).select_related(
        "report__duplicate_of"
    )
    for keep in pending.order_by("pk").iterator():
        if keep_reason(keep.report, now) is not None:
            continue
        released += 1
        if dry_run:
            continue
        with transaction.atomic():
            pseudonymise([keep.report_id], reason=TombstoneReason.ERASURE, at=now, run=run)
            ErasureKeep.objects.filter(pk=keep.pk).update(released_at=now)
    return released
