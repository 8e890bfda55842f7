"""Who may file a report on a wiki, decided from the facts the identity provider supplies.

`decide()` is a pure function: the user's account on the wiki (or None), the wiki's
configuration and how many reports they filed there in the last 24 hours. It returns OK or
a refusal with a reason code; each reason has its own page (templates/reports/refused/).
`check()` gathers those inputs from the database for a view or the submission path.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.utils import timezone

from accounts.providers import account_on

WINDOW = timedelta(hours=24)


class Reason(StrEnum):
    NO_ACCOUNT = "no-account"
    BLOCKED = "blocked"
    UNCONFIRMED_EMAIL = "unconfirmed-email"
    TOO_NEW = "too-new"
    TOO_FEW_EDITS = "too-few-edits"
    RATE_LIMITED = "rate-limited"


@dataclass(frozen=True)
class Decision:
    reason: Reason | None = None
    # For RATE_LIMITED: the limit that applies to this user and how many they filed.
    limit: int | None = None
    filed: int | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def __bool__(self) -> bool:
        return self.ok


OK = Decision()


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def daily_limit(account, config: dict) -> int:
    limits = config.get("rate_limits", {})
    if account.is_autoconfirmed:
        return _int(limits.get("autoconfirmed_per_day"), 5)
    return _int(limits.get("new_user_per_day"), 1)


def decide(account, config: dict, filed_last_day: int, now=None) -> Decision:
    """OK, or the first reason (in the order below) this account may not file a report."""
    if account is None:
        return Decision(Reason.NO_ACCOUNT)
    if account.blocked:
        return Decision(Reason.BLOCKED)
    rules = config.get("eligibility", {})
    if rules.get("require_confirmed_email", True) and not account.email_confirmed:
        return Decision(Reason.UNCONFIRMED_EMAIL)
    # Accounts from before MediaWiki recorded registration dates have none: they are old.
    age = account.account_age(now)
    min_age = _int(rules.get("min_account_age_seconds"), 10800)
    if age is not None and age.total_seconds() < min_age:
        return Decision(Reason.TOO_NEW)
    if account.edit_count < _int(rules.get("min_edit_count"), 1):
        return Decision(Reason.TOO_FEW_EDITS)
    limit = daily_limit(account, config)
    if filed_last_day >= limit:
        return Decision(Reason.RATE_LIMITED, limit=limit, filed=filed_last_day)
    return OK


def filed_last_day(user, wiki, now=None) -> int:
    from reports.models import Report

    return Report.objects.filed_since(user, wiki, (now or timezone.now()) - WINDOW).count()


def check(user, wiki, now=None) -> tuple[Decision, object]:
    """The decision for this user on this wiki now, and their account there (or None)."""
    account = account_on(user, wiki)
    if account is None:
        return Decision(Reason.NO_ACCOUNT), None
    return decide(account, wiki.config, filed_last_day(user, wiki, now), now), account


def next_slot(user, wiki, decision: Decision, now=None):
    """When a rate-limited user may file again: 24 hours after the oldest report that counts."""
    if decision.reason != Reason.RATE_LIMITED or not decision.limit:
        return None
    from reports.models import Report

    now = now or timezone.now()
    times = list(
        Report.objects.filed_since(user, wiki, now - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: decision.limit]
    )
    if len(times) < decision.limit:
        return None
    return times[-1] + WINDOW
