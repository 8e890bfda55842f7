"""The reporter funnel as the server sees it: the steps of one dialog, announced as a signal.

reports only announces (`emit`); the metrics app stores the events (metrics.funnel), so the
flow knows nothing of how they are kept. An event carries the dialog's random funnel token
and the choices made (flow, type, entry point, step): never a user, an address or any text.
Nothing is announced when the wiki has the funnel turned off (metrics.funnel in its
configuration).
"""

import re
import secrets

from django.dispatch import Signal
from django.utils import translation

from wikis import accountability

# Keyword arguments: wiki, name, token, language and any of the FIELDS below.
step_taken = Signal()

OPEN = "open"
VIEW_STEP = "view-step"
CHOOSE = "choose"
CONTINUE = "continue"
BACK = "back"
CLOSE = "close"
SUBMIT = "submit"
VIEW_CONFIRMATION = "view-confirmation"
SUPPORT_LINK = "support-link"
NAMES = (
    OPEN,
    VIEW_STEP,
    CHOOSE,
    CONTINUE,
    BACK,
    CLOSE,
    SUBMIT,
    VIEW_CONFIRMATION,
    SUPPORT_LINK,
)
# The pages of the flow, in order (a view-step event names one).
STEPS = ("choose", "emergency", "type", "support")
# What kind of link on the support page was followed.
LINK_KINDS = ("admin", "email", "community", "fallback")
FIELDS = ("entry_point", "step", "flow", "incident_type", "link")
# Where the dialog script sends what only the browser sees (metrics.views.event).
CLIENT_PATH = "funnel/event"

# A funnel token: random, URL-safe; the dialog script makes one (crypto.randomUUID) or the
# server does when the flow starts without it.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(16)


def token_or_new(value) -> str:
    """The dialog's own token when it sent a well-formed one, else a fresh one."""
    if isinstance(value, str) and TOKEN.fullmatch(value):
        return value
    return new_token()


def emit(wiki, name: str, token: str, **fields) -> None:
    if not token or not accountability.funnel_recorded(wiki.read_config()):
        return
    step_taken.send(
        sender=None,
        wiki=wiki,
        name=name,
        token=token,
        language=translation.get_language() or "",
        **fields,
    )
