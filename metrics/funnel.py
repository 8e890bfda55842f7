"""Storing funnel events: the server's own (reports.funnel.step_taken) and the dialog's.

The dialog script can only tell what the server cannot see: the dialog opened, closed, the
browser's Back button, a click on a support link. `client_event` turns its POST into an
event or refuses it (`Refused`, a 400): only known names, only known fields, each value of
a known shape. Nothing is stored for a wiki that turned the funnel off.
"""

import re
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from metrics.models import FunnelEvent
from reports import funnel
from reports.models import Flow, Source
from wikis import accountability
from wikis.models import Wiki

# What the dialog may send, and which field each event name needs.
CLIENT_NAMES = (funnel.OPEN, funnel.CLOSE, funnel.BACK, funnel.SUPPORT_LINK)
CLIENT_FIELDS = frozenset({"name", "token", "wiki", "lang", "entry", "step", "link"})
_REQUIRED = {funnel.OPEN: "entry", funnel.SUPPORT_LINK: "link"}
_ALLOWED = {
    funnel.OPEN: {"entry"},
    funnel.CLOSE: set(),
    funnel.BACK: {"step"},
    funnel.SUPPORT_LINK: {"link"},
}
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,64}")
_TYPE = re.compile(r"[a-z0-9-]{1,64}")


class Refused(ValueError):
    """A client event that is not one of the known shapes (the endpoint answers 400)."""


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _clean(fields: dict) -> dict:
    """Only the known dimensions, each a short value of its known shape ("" otherwise)."""

    def kept(key, allowed):
        value = fields.get(key) or ""
        return value if value in allowed else ""

    incident_type = fields.get("incident_type") or ""
    return {
        "entry_point": kept("entry_point", Source.values),
        "step": kept("step", funnel.STEPS),
        "flow": kept("flow", Flow.values),
        "incident_type": incident_type if _TYPE.fullmatch(incident_type) else "",
        "link": kept("link", funnel.LINK_KINDS),
    }


def record(wiki, name: str, token: str, *, language: str = "", now=None, **fields):
    """Store one event (None when the wiki has the funnel off or it is a repeated open)."""
    if name not in funnel.NAMES or not funnel.TOKEN.fullmatch(token or ""):
        raise Refused("unknown event")
    if not accountability.funnel_recorded(wiki.read_config()):
        return None
    language = (language or "").lower()
    values = {
        "wiki": wiki,
        "name": name,
        "token": token,
        "language": language if _LANGUAGE.fullmatch(language) else "",
        "hour": hour_of(now or timezone.now()),
        **_clean(fields),
    }
    if name != funnel.OPEN:
        return FunnelEvent.objects.create(**values)  # one statement: no transaction around it
    with transaction.atomic():
        # A dialog opens once: the dialog script and the first page may both say so.
        if FunnelEvent.objects.filter(token=token, name=funnel.OPEN).exists():
            return None
        return FunnelEvent.objects.create(**values)


def store_server_event(sender, *, wiki, name, token, language="", **fields):
    """Receiver of reports.funnel.step_taken."""
    record(wiki, name, token, language=language, **fields)


def client_event(data) -> FunnelEvent | None:
    """Validate and store the dialog's event (a QueryDict of the POST body)."""
    keys = set(data.keys())
    if not keys <= CLIENT_FIELDS:
        raise Refused("unknown field")
    if any(len(data.getlist(key)) != 1 for key in keys):
        raise Refused("repeated field")
    values = {key: data.get(key, "") for key in keys}
    name = values.get("name", "")
    if name not in CLIENT_NAMES:
        raise Refused("unknown event")
    extra = keys - {"name", "token", "wiki", "lang"}
    if not extra <= _ALLOWED[name] or (_REQUIRED.get(name) and _REQUIRED[name] not in keys):
        raise Refused("field not allowed for this event")
    token = values.get("token", "")
    if not funnel.TOKEN.fullmatch(token):
        raise Refused("bad token")
    language = values.get("lang", "").lower()
    if language and not _LANGUAGE.fullmatch(language):
        raise Refused("bad language")
    checks = {
        "entry": lambda v: v in Source.values,
        "step": lambda v: v in funnel.STEPS,
        "link": lambda v: v in funnel.LINK_KINDS,
    }
    for key in extra:
        if not checks[key](values[key]):
            raise Refused(f"bad {key}")
    slug = values.get("wiki", "")
    wiki = Wiki.objects.filter(slug=slug).first() if _SLUG.fullmatch(slug) else None
    if wiki is None:
        raise Refused("unknown wiki")
    return record(
        wiki,
        name,
        token,
        language=language,
        entry_point=values.get("entry", ""),
        step=values.get("step", ""),
        link=values.get("link", ""),
    )


def retention_days() -> int:
    return settings.IRS_FUNNEL_RETENTION_DAYS
