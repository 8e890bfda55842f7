import pytest


@pytest.fixture
def insecure_urls(settings):
    """The test-only operator setting: outbound calls may go to loopback over plain http (the
    real MediaWiki and the OAuth stand-in of these tests run on 127.0.0.1)."""
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
