"""Failed logins are limited per account name and per client address, in the database (so the
limit holds across server processes): `LIMIT` failures within `WINDOW` lock that name or
address for `LOCK`. While locked, every attempt is refused with the same message, the right
password included. Unknown names are counted and locked exactly like existing ones, so the
answers (and their timing: no password is checked while locked) say nothing about which
accounts exist. Each lock writes a LoginLockout row (the audit trail) and a warning to the
log; a successful login clears the account name's count.

The address is REMOTE_ADDR: behind a proxy, that is the proxy's unless the server passes the
client's own.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginLockout, LoginThrottle

log = logging.getLogger("irs.security")


def limit() -> int:
    return settings.IRS_LOGIN_FAILURE_LIMIT


def window() -> timedelta:
    return timedelta(seconds=settings.IRS_LOGIN_FAILURE_WINDOW)


def lock_time() -> timedelta:
    return timedelta(seconds=settings.IRS_LOGIN_LOCK_SECONDS)


def keys(username: str, address: str) -> list[tuple[str, str]]:
    """(kind, value) pairs counted for one attempt: the name as typed, case-folded (so Admin
    and admin share one count), and the client address."""
    pairs = [(LoginLockout.Kind.ACCOUNT.value, (username or "").strip().casefold()[:255])]
    if address:
        pairs.append((LoginLockout.Kind.ADDRESS.value, address[:255]))
    return pairs


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value}"


def is_locked(pairs: list[tuple[str, str]], now=None) -> bool:
    now = now or timezone.now()
    return LoginThrottle.objects.filter(
        key__in=[_key(kind, value) for kind, value in pairs], locked_until__gt=now
    ).exists()


@transaction.atomic
def record_failure(pairs: list[tuple[str, str]], now=None) -> None:
    now = now or timezone.now()
    for kind, value in pairs:
        LoginThrottle.objects.get_or_create(
            key=_key(kind, value), defaults={"window_start": now, "failures": 0}
        )
        row = LoginThrottle.objects.select_for_update().get(key=_key(kind, value))
        if row.window_start <= now - window():
            row.window_start, row.failures = now, 0
        row.failures += 1
        if row.failures >= limit() and not (row.locked_until and row.locked_until > now):
            row.locked_until = now + lock_time()
            row.window_start, failures, row.failures = now, row.failures, 0
            LoginLockout.objects.create(
                kind=kind, value=value, failures=failures, locked_until=row.locked_until
            )
            log.warning("Login locked for %s %r after %d failures", kind, value, failures)
        row.save()


def clear_account(username: str) -> None:
    LoginThrottle.objects.filter(
        key=_key(LoginLockout.Kind.ACCOUNT, (username or "").strip().casefold()[:255]),
        locked_until__isnull=True,
    ).delete()
