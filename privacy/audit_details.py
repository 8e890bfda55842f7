"""How the audit page reads the privacy actions (registered with desk.audit_details)."""

from datetime import timedelta

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desk.audit_details import label_of, listing, reason, register, when
from desk.models import AuditAction
from privacy.models import TombstoneReason


def _pseudonymise(details, entry, lookups):
    return [label_of(TombstoneReason, details.get("reason"))]


def _hold(details, entry, lookups):
    return [reason(details)]


def _export(details, entry, lookups):
    return [{"json": _("As JSON"), "html": _("As a web page")}.get(details.get("format"), "")]


def _erasure_request(details, entry, lookups):
    withdrawn = listing(details.get("withdrawn"))
    return [_("Withdrawn: %(references)s") % {"references": withdrawn}] if withdrawn else []


def _erasure_done(details, entry, lookups):
    parts = []
    count = details.get("pseudonymised")
    if isinstance(count, int):
        parts.append(
            ngettext("%(count)d report pseudonymised", "%(count)d reports pseudonymised", count)
            % {"count": count}
        )
    kept = listing(details.get("kept"))
    if kept:
        parts.append(_("Kept: %(references)s") % {"references": kept})
    return parts


def _access_report(details, entry, lookups):
    # `end` is the midnight after the last day shown.
    end = parse_datetime(details.get("end") or "")
    last = date_format(end - timedelta(days=1), "DATE_FORMAT") if end is not None else ""
    parts = []
    if when(details.get("start")) and last:
        parts.append(
            _("From %(first)s to %(last)s") % {"first": when(details["start"]), "last": last}
        )
    if details.get("format") == "csv":
        parts.append(_("As a CSV file"))
    return parts


def register_all() -> None:
    register(AuditAction.PSEUDONYMISE, _pseudonymise)
    register(AuditAction.LEGAL_HOLD, _hold)
    register(AuditAction.LEGAL_HOLD_LIFT, _hold)
    register(AuditAction.DATA_EXPORT, _export)
    register(AuditAction.ERASURE_REQUEST, _erasure_request)
    register(AuditAction.ERASURE_DONE, _erasure_done)
    register(AuditAction.ACCESS_REPORT, _access_report)
