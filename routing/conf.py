"""Delivery tuning knobs, read from settings with safe defaults (settings read them from env)."""

from datetime import timedelta

from django.conf import settings


def max_attempts() -> int:
    return int(getattr(settings, "IRS_DELIVERY_MAX_ATTEMPTS", 12))


def backoff_base() -> float:
    """Seconds before the first retry; doubles with each further attempt."""
    return float(getattr(settings, "IRS_DELIVERY_BACKOFF_BASE", 30))


def backoff_cap() -> float:
    return float(getattr(settings, "IRS_DELIVERY_BACKOFF_CAP", 3600))


def lease() -> timedelta:
    """How long a worker may hold a delivery before another may take it over.

    Longer than any channel's network timeouts, so a slow but live worker keeps its claim.
    """
    return timedelta(seconds=float(getattr(settings, "IRS_DELIVERY_LEASE_SECONDS", 300)))


def http_timeout() -> tuple[float, float]:
    return (5.0, float(getattr(settings, "IRS_ROUTING_HTTP_TIMEOUT", 20)))
