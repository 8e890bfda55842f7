"""The platform's unique id of a statement (`puid`): a keyed hash of the report's reference and
the decision, so it is stable across exports, unique per decision, and tells nobody who
reported, who was reported or which case it is.

The key is IRS_STATEMENT_KEY (default: the SECRET_KEY). Keep it stable: a new key gives every
statement a new puid, and the Transparency Database would take a re-sent statement as new.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "irs-"
_SALT = "irs.transparency.puid"


def puid(reference: str, decision_pk: int) -> str:
    digest = salted_hmac(
        _SALT, f"{reference}:{decision_pk}", secret=settings.IRS_STATEMENT_KEY, algorithm="sha256"
    ).hexdigest()
    return PREFIX + digest[:40]
