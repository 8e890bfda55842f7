"""Tiny strict readers for settings that come from environment variables.

A malformed value fails loudly at start-up instead of being guessed at.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_ORIGIN = re.compile(
    r"https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?"
)
_HEADER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ImproperlyConfigured(f"{name} must be a finite number, got {raw!r}")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list of origins, each exactly scheme://host[:port] (http or https,
    no path, no query): what CSRF_TRUSTED_ORIGINS compares with a request's Origin header."""
    origins = env_list(name, default)
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise ImproperlyConfigured(
                f"{name} must list origins like https://irs.example.org (scheme and host, "
                f"optionally :port, nothing after), got {origin!r}"
            )
    return origins


def env_site_url(name: str, default: str) -> str:
    """An absolute http(s) URL with a host and no query or fragment; no trailing slash."""
    raw = os.environ.get(name, default).strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be an absolute http(s) URL such as https://irs.example.org, got {raw!r}"
        )
    return raw.rstrip("/")


def env_header_name(name: str) -> str:
    """An HTTP header name (letters, digits and dashes), or empty when unset."""
    raw = os.environ.get(name, "").strip()
    if raw and not _HEADER_NAME.fullmatch(raw):
        raise ImproperlyConfigured(
            f"{name} must be an HTTP header name such as X-Forwarded-Proto, got {raw!r}"
        )
    return raw


DATABASE_CACHE_TABLE = "irs_cache"


def cache_from_url(url: str) -> dict:
    """The default cache from IRS_CACHE_URL; empty: Django's database cache (shared by every
    process that uses the database; `manage.py createcachetable` makes its table)."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss") and parts.hostname:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if parts.scheme == "memcached" and parts.hostname:
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": parts.netloc,
        }
    if parts.scheme == "locmem" and not parts.netloc.strip("/"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        "IRS_CACHE_URL must be redis://host[:port]/db, rediss://..., memcached://host[:port] "
        f"or locmem:// (empty: the database cache), got {url!r}"
    )
