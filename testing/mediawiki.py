"""The real MediaWiki of the integration tests (irs/mediawiki.py), as pytest fixtures.

The `mediawiki` fixture installs a fresh wiki with SQLite in a temporary folder once per test
session and serves it with PHP's built-in server on 127.0.0.1 at a free port.
"""

import pytest

from irs.mediawiki import ADMIN, ADMIN_PASSWORD, MEDIAWIKI_DIR, MediaWiki, start_mediawiki

__all__ = [
    "ADMIN",
    "ADMIN_PASSWORD",
    "MEDIAWIKI_DIR",
    "MediaWiki",
    "irs_wiki_for",
    "mediawiki",
    "start_mediawiki",
]


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory):
    """A running MediaWiki for the whole test session (stop()/start() it for outages)."""
    wiki = start_mediawiki(tmp_path_factory.mktemp("mediawiki"))
    yield wiki
    wiki.stop()


def irs_wiki_for(mediawiki: MediaWiki, slug: str = "testwiki", **eligibility):
    """The IRS tenant for the running MediaWiki (needs the database): its base_url, script
    path and api_url point at the wiki; `eligibility` overrides the defaults (new test users
    are minutes old, so tests usually pass min_account_age_seconds=0)."""
    from irs import demo
    from wikis.models import ConfigRevision

    wiki = demo.ensure_wiki(slug, "TestWiki", base_url=mediawiki.url, script_path="",
                            api_url=mediawiki.api_url)  # fmt: skip
    if eligibility:
        config = wiki.config
        config["eligibility"].update(eligibility)
        ConfigRevision.objects.create(wiki=wiki, data=config, summary="test eligibility")
        wiki = type(wiki).objects.get(pk=wiki.pk)
    return wiki
