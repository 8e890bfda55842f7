"""Requests per token and minute, counted in the cache that every process shares (the
database cache in production; see docs/operations.md), in fixed one-minute windows."""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW = 60


def per_minute() -> int:
    return settings.IRS_API_REQUESTS_PER_MINUTE


def check(token_key: str, now: float | None = None) -> int:
    """0 if the request may go ahead, else the seconds until the window ends (Retry-After)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"irs:api:rate:{token_key}:{window}"
    if cache.add(key, 1, timeout=WINDOW + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW + 5)
            count = 1
    if count <= per_minute():
        return 0
    return max(1, int((window + 1) * WINDOW - now))
