"""A small request rate limit on Django's cache: at most `limit` hits per `window` seconds.

Fixed windows (the count starts again at each window's start), counted with cache.add +
cache.incr (atomic in Redis, Memcached and local memory; in the database cache an increment
is a read then a write, so two hits at the same instant may count once). The cache is the
project's default one, shared by every process (the database cache, or IRS_CACHE_URL:
irs/settings.py), so the limit holds across the web server's processes and nodes.
"""

import time

from django.core.cache import cache

_clock = time.time  # tests pin it so that a test never straddles two windows


def allow(key: str, limit: int, window: int = 60, now: float | None = None) -> bool:
    """Count one hit for `key`; False when it is over `limit` in the current window."""
    moment = _clock() if now is None else now
    slot = f"irs:throttle:{key}:{int(moment // window)}"
    cache.add(slot, 0, timeout=window + 5)
    try:
        count = cache.incr(slot)
    except ValueError:  # expired between add and incr: this hit starts a new count
        cache.add(slot, 1, timeout=window + 5)
        count = 1
    return count <= limit


def retry_after(window: int = 60, now: float | None = None) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    moment = _clock() if now is None else now
    return max(1, int(window - moment % window))
