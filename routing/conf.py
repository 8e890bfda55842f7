"""Delivery tuning knobs, read from settings (irs/settings.py reads and checks them from the
environment; docs/configuration.md lists them). No defaults here: settings is the one place."""

from datetime import timedelta

from django.conf import settings

from irs import outbound


def max_attempts() -> int:
    return settings.IRS_DELIVERY_MAX_ATTEMPTS


def backoff_base() -> float:
    """Seconds before the first retry; doubles with each further attempt."""
    return settings.IRS_DELIVERY_BACKOFF_BASE


def backoff_cap() -> float:
    return settings.IRS_DELIVERY_BACKOFF_CAP


def lease() -> timedelta:
    """How long a worker may hold a delivery before another may take it over.

    Longer than any channel's network timeouts, so a slow but live worker keeps its claim.
    """
    return timedelta(seconds=settings.IRS_DELIVERY_LEASE_SECONDS)


def batch_size() -> int:
    """How many due deliveries one batch send task claims at once."""
    return settings.IRS_DELIVERY_BATCH


def http_timeout() -> tuple[float, float]:
    return outbound.background_timeout()
