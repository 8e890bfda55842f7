"""How the audit page reads the API's actions (registered with desk.audit_details)."""

from django.utils.translation import gettext as _

from api.models import CaseEvent, Scope
from desk.audit_details import label_of, register, when
from desk.models import AuditAction


def _token(details, entry, lookups):
    parts = [
        _("“%(name)s” (irs_%(prefix)s)")
        % {"name": details.get("name", ""), "prefix": details.get("token", "")}
    ]
    parts.append(label_of(Scope, details.get("scope")))
    if when(details.get("expires")):
        parts.append(_("Expires %(date)s") % {"date": when(details["expires"])})
    return parts


def _webhook(details, entry, lookups):
    parts = [str(details.get("url") or "")]
    events = details.get("events") if isinstance(details.get("events"), list) else []
    labels = [label_of(CaseEvent, event) for event in events]
    if any(labels):
        parts.append(_("Events: %(events)s") % {"events": ", ".join(filter(None, labels))})
    if entry.action == AuditAction.WEBHOOK_ADD:
        parts.append(
            _("With the texts of messages")
            if details.get("message_text")
            else _("Without the texts of messages")
        )
    return parts


def register_all() -> None:
    for action in (AuditAction.TOKEN_CREATE, AuditAction.TOKEN_REVOKE):
        register(action, _token)
    for action in (AuditAction.WEBHOOK_ADD, AuditAction.WEBHOOK_REMOVE):
        register(action, _webhook)
