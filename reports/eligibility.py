"""Who may file a report on a wiki, decided from the facts the identity provider supplies.

`decide()` is a pure function: the user's account on the wiki (or None), the wiki's
configuration, how many reports of the flow they filed there in the last 24 hours, the flow
and whether they are suspended. It returns OK or a refusal with a reason code; each reason
has its own page (templates/reports/refused/). `check()` gathers those inputs from the
database for a view or the submission path.

Emergency reports are never refused by the daily limits or by a misuse suspension: they meet
only the account checks and a separate, generous flood guard (`emergency_per_day`, default
10), whose refusal page still gives the emergency contacts. With no flow yet (the first
step), only the account checks apply, so a limited or suspended person can still reach the
emergency form.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.db import connection
from django.db.models import Count, Subquery
from django.utils import timezone

from accounts.models import WikiAccount
from accounts.providers import account_on
from reports.models import Flow, MisuseKind, MisuseMeasure, Report

WINDOW = timedelta(hours=24)
# The flows' values (reports.models.Flow), kept as plain strings: decide() stays pure.
EMERGENCY = "emergency"
NON_EMERGENCY = "non-emergency"


class Reason(StrEnum):
    NO_ACCOUNT = "no-account"
    BLOCKED = "blocked"
    UNCONFIRMED_EMAIL = "unconfirmed-email"
    TOO_NEW = "too-new"
    TOO_FEW_EDITS = "too-few-edits"
    RATE_LIMITED = "rate-limited"
    SUSPENDED = "suspended"
    EMERGENCY_LIMITED = "emergency-limited"


@dataclass(frozen=True)
class Decision:
    reason: Reason | None = None
    # For RATE_LIMITED: the limit that applies to this user and how many they filed.
    limit: int | None = None
    filed: int | None = None
    # For SUSPENDED: until when.
    until: object = None

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


def emergency_limit(config: dict) -> int:
    return max(1, _int(config.get("rate_limits", {}).get("emergency_per_day"), 10))


def decide(
    account, config: dict, filed_last_day: int, now=None, *, flow=None, suspended_until=None
) -> Decision:
    """OK, or the first reason (in the order below) this account may not file a report of
    `flow` ("emergency", "non-emergency", or None before one is chosen)."""
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
    if flow is None:
        return OK
    if flow == EMERGENCY:
        limit = emergency_limit(config)
        if filed_last_day >= limit:
            return Decision(Reason.EMERGENCY_LIMITED, limit=limit, filed=filed_last_day)
        return OK
    if suspended_until is not None:
        return Decision(Reason.SUSPENDED, until=suspended_until)
    limit = daily_limit(account, config)
    if filed_last_day >= limit:
        return Decision(Reason.RATE_LIMITED, limit=limit, filed=filed_last_day)
    return OK


def _filed(user, wiki, since, flow):

    reports = Report.objects.filed_since(user, wiki, since)
    if flow == EMERGENCY:
        return reports.filter(flow=Flow.EMERGENCY)
    return reports.exclude(flow=Flow.EMERGENCY)


def filed_last_day(user, wiki, now=None, flow=NON_EMERGENCY) -> int:
    """Reports of `flow`'s kind filed in the last 24 hours (emergencies count apart)."""
    return _filed(user, wiki, (now or timezone.now()) - WINDOW, flow).count()


def suspended_until(user, wiki, now=None):
    """The end of the misuse suspension in force for `user` on `wiki`, or None."""
    return _suspensions(user, wiki, now).first()


def _suspensions(user, wiki, now=None):
    return (
        MisuseMeasure.objects.filter(
            reporter=user,
            wiki=wiki,
            kind=MisuseKind.SUSPENSION,
            lifted_at__isnull=True,
            ends_at__gt=now or timezone.now(),
        )
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
    )


def check(user, wiki, now=None, flow=None) -> tuple[Decision, object]:
    """The decision for this user on this wiki now for `flow`, and their account there."""
    account = account_on(user, wiki)
    if account is None:
        return Decision(Reason.NO_ACCOUNT), None
    filed = filed_last_day(user, wiki, now, flow) if flow is not None else 0
    until = suspended_until(user, wiki, now) if flow not in (None, EMERGENCY) else None
    decision = decide(account, wiki.read_config(), filed, now, flow=flow, suspended_until=until)
    return decision, account


def check_under_lock(user, wiki, account, now, flow) -> tuple[Decision, object]:
    """`check` for the submission, inside its transaction: the person's account row on the
    wiki is locked first (a second submission of theirs waits here until this one commits),
    then their reports and suspensions are read in a statement after the lock, so that they
    include what the other committed. `account` comes refreshed from `account_on`; the facts
    decided on are the locked row's. On SQLite the transaction already holds the database's
    write lock from its start (BEGIN IMMEDIATE): one query reads the row and the counts."""
    if account is None:
        return Decision(Reason.NO_ACCOUNT), None
    rows = WikiAccount.objects.filter(pk=account.pk)
    counted = rows.annotate(
        # No row when they filed none (read as 0 below).
        filed_in_window=Subquery(
            _filed(user, wiki, now - WINDOW, flow)
            .order_by()
            .values("reporter")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        suspended_until=Subquery(_suspensions(user, wiki, now)[:1]),
    )
    if connection.features.has_select_for_update:
        if not list(rows.select_for_update().values_list("pk", flat=True)):
            return Decision(Reason.NO_ACCOUNT), None
    locked = counted.first()
    if locked is None:
        return Decision(Reason.NO_ACCOUNT), None
    until = locked.suspended_until if flow != EMERGENCY else None
    filed = locked.filed_in_window or 0
    decision = decide(locked, wiki.read_config(), filed, now, flow=flow, suspended_until=until)
    return decision, locked


def next_slot(user, wiki, decision: Decision, now=None):
    """When a rate-limited user may file again: 24 hours after the oldest report that counts."""
    if decision.reason not in (Reason.RATE_LIMITED, Reason.EMERGENCY_LIMITED) or not decision.limit:
        return None
    now = now or timezone.now()
    flow = EMERGENCY if decision.reason == Reason.EMERGENCY_LIMITED else NON_EMERGENCY
    times = list(
        _filed(user, wiki, now - WINDOW, flow)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: decision.limit]
    )
    if len(times) < decision.limit:
        return None
    return times[-1] + WINDOW
