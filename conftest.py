"""Shared test fixtures: the personas and the demo wiki. Real parts live in testing/."""

import os

import pytest

from irs import demo

# Tests run with debug off, like production; the service refuses to start there on the
# development key (irs.E010). Processes the tests start (workers, servers) inherit this one.
TEST_SECRET_KEY = "test-only-secret-key-not-for-production-6c1f0b9e2d4a8f7355e1"
os.environ.setdefault("IRS_SECRET_KEY", TEST_SECRET_KEY)


def pytest_configure(config):
    # pytest-django read the settings before this file set the variable.
    from django.conf import settings

    if settings.SECRET_KEY == settings.IRS_DEVELOPMENT_SECRET_KEY:
        settings.SECRET_KEY = os.environ["IRS_SECRET_KEY"]
    # In this process a local-memory cache, cleared before each test (fresh_cache) without
    # needing the database; the database cache stays declared ("shared") so that the test
    # database gets its table for the processes the tests start, which use it by default.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": settings.CACHES["default"],
    }


pytest_plugins = [
    "testing.mediawiki",
    "testing.oauth_standin",
    "testing.browser",
    "testing.smtp",
    "testing.webhook",
]


@pytest.fixture
def wiki(db):
    return demo.ensure_wiki()


@pytest.fixture
def safety_team(db):
    return demo.ensure_safety_team()


@pytest.fixture
def community_team(wiki):
    return demo.ensure_community_team(wiki)


@pytest.fixture
def reporter(wiki):
    """Eligible and autoconfirmed."""
    return demo.make_user(wiki, "Reporter")


@pytest.fixture
def other_reporter(wiki):
    return demo.make_user(wiki, "Otherreporter")


@pytest.fixture
def newcomer(wiki):
    """Eligible but not autoconfirmed: the stricter daily limit applies."""
    return demo.make_user(wiki, "Newcomer", edit_count=3, groups=("user",))


@pytest.fixture
def outsider(db):
    """Logged in, but with no account on the wiki at all."""
    from accounts.models import User

    return User.objects.create_user("Outsider", "outsider@example.org", demo.DEMO_PASSWORD)


@pytest.fixture
def responder(community_team):
    from desk.models import TeamMembership

    user = demo.make_user(community_team.wiki, "Responder")
    TeamMembership.objects.get_or_create(team=community_team, user=user)
    return user


@pytest.fixture
def safety_responder(safety_team, wiki):
    from desk.models import TeamMembership

    user = demo.make_user(wiki, "Safety")
    TeamMembership.objects.get_or_create(team=safety_team, user=user)
    return user


@pytest.fixture
def wiki_admin(wiki):
    from wikis.models import WikiAdmin

    user = demo.make_user(wiki, "WikiAdmin")
    WikiAdmin.objects.get_or_create(wiki=wiki, user=user)
    return user


@pytest.fixture
def operator(wiki):
    return demo.make_user(wiki, "Operator", superuser=True)


@pytest.fixture
def insecure_urls(settings):
    """The test-only operator setting: outbound calls may go to loopback over plain http (the
    real MediaWiki, the OAuth stand-in and the small test servers run on 127.0.0.1)."""
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed on every test; the default hasher is slow on purpose
    and would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: rate-limit counters (reports.throttle) are keyed
    by user id, and ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()
