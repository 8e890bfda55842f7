"""The default cache is shared by every process (the database cache unless IRS_CACHE_URL
says otherwise), so a rate limit such as the user autocomplete's holds across the web
server's processes."""

import os
import sqlite3
import time
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured

from irs.env import DATABASE_CACHE_TABLE, cache_from_url
from reports import throttle
from testing.databases import database_url
from testing.processes import run_django_script, run_python


def hit_in_another_process(key: str, limit: int, now: float) -> bool:
    script = (
        f"from reports import throttle\nprint(throttle.allow({key!r}, {limit}, 60, now={now!r}))\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url()}
    env.pop("IRS_CACHE_URL", None)
    return {"True": True, "False": False}[run_django_script(script, env).strip()]


def test_the_default_cache_is_the_database_cache():
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize(
    "url, backend",
    [
        ("redis://cache.internal:6379/0", "redis.RedisCache"),
        ("rediss://cache.internal:6380/1", "redis.RedisCache"),
        ("memcached://cache.internal:11211", "memcached.PyMemcacheCache"),
        ("locmem://", "locmem.LocMemCache"),
    ],
)
def test_a_cache_url(url, backend):
    assert cache_from_url(url)["BACKEND"] == f"django.core.cache.backends.{backend}"


@pytest.mark.parametrize(
    "url", ["redis://", "http://cache:80", "cache.internal:6379", "locmem://x"]
)
def test_a_malformed_cache_url_stops_start_up(url):
    with pytest.raises(ImproperlyConfigured, match="IRS_CACHE_URL"):
        cache_from_url(url)


def test_migrate_makes_the_database_cache_table(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("IRS_") and key != "DATABASE_URL"
    }
    env.update(IRS_DEBUG="1", IRS_VAR_DIR=str(tmp_path))
    run_python(["manage.py", "migrate", "--noinput"], env, timeout=120)

    with sqlite3.connect(tmp_path / "irs.sqlite3") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert DATABASE_CACHE_TABLE in tables


def test_a_rate_limit_counts_the_hits_of_every_process(transactional_db, settings):
    from django.conf import settings as live

    settings.CACHES = {"default": live.CACHES["shared"]}
    key = f"users:shared-{uuid.uuid4().hex}"
    now = time.time()

    assert throttle.allow(key, 3, 60, now=now)
    assert hit_in_another_process(key, 3, now)  # the second hit, counted in the same row
    assert throttle.allow(key, 3, 60, now=now)
    assert not hit_in_another_process(key, 3, now)  # the fourth: over the limit everywhere
    assert not throttle.allow(key, 3, 60, now=now)
