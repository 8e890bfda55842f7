"""The title check's behaviour when the wiki's API is away or answers nonsense.

Real answers from a real MediaWiki are in test_mediawiki.py.
"""

import json
import socket
from http.server import BaseHTTPRequestHandler

import pytest

from testing.servers import free_port, serving
from wikis.tests.conftest import type_entry
from wikis.validation import check_titles_exist, collect_titles, validate_config

pytestmark = pytest.mark.usefixtures("insecure_urls")  # these wikis run on loopback


@pytest.fixture
def nonsense_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b"<html>not an API</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}/api.php"


def _with_page(config, api_url):
    config["wiki"]["api_url"] = api_url
    type_entry(config, "trolling")["help_methods"] = [{"kind": "admin", "page": "Project:Admins"}]
    return config


def test_an_unreachable_api_is_a_warning_not_an_error(config):
    result = validate_config(_with_page(config, f"http://127.0.0.1:{free_port()}/api.php"))
    assert result.ok
    assert [w.code for w in result.warnings] == ["titles_unchecked"]
    assert result.warnings[0].pointer == "/wiki/api_url"


def test_an_api_answering_nonsense_is_a_warning(config, nonsense_server):
    result = validate_config(_with_page(config, nonsense_server))
    assert result.ok
    assert [w.code for w in result.warnings] == ["titles_unchecked"]


def test_no_api_url_is_a_warning(config):
    result = validate_config(_with_page(config, ""))
    assert result.ok and result.warnings[0].code == "titles_unchecked"


def test_reserved_example_domains_are_not_asked(config):
    result = validate_config(_with_page(config, "https://test.example.org/w/api.php"))
    assert result.ok and result.warnings[0].code == "titles_unchecked"


def test_titles_are_collected_from_every_place_that_names_a_page(config):
    entry = type_entry(config, "spam")
    entry["public"] = True
    entry["help_methods"] = [{"kind": "admin", "page": "A"}]
    entry["fallback_links"] = [{"label": {"en": "x"}, "page": "B"}]
    entry["direct_report"] = {
        "enabled": True,
        "destinations": [{"kind": "noticeboard", "page": "A", "credential": "bot"}],
    }
    titles = collect_titles(config)
    assert titles == {
        "A": [
            ("non_emergency", "types", 5, "help_methods", 0, "page"),
            ("non_emergency", "types", 5, "direct_report", "destinations", 0, "page"),
        ],
        "B": [("non_emergency", "types", 5, "fallback_links", 0, "page")],
    }


def test_the_check_can_be_switched_off(config, settings):
    settings.IRS_CHECK_WIKI_TITLES = False
    result = validate_config(_with_page(config, f"http://127.0.0.1:{free_port()}/api.php"))
    assert result.ok and result.warnings == []


def test_the_warning_names_no_secret_and_is_quick(config):
    import time

    start = time.monotonic()
    errors, warnings = check_titles_exist(
        f"http://127.0.0.1:{free_port()}/api.php", {"A": [("x",)]}
    )
    assert errors == [] and len(warnings) == 1
    assert time.monotonic() - start < 3


def test_an_api_that_never_answers_is_a_warning_after_the_timeout(config, settings):
    import time

    settings.IRS_WIKI_API_TIMEOUT = 1
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        port = silent.getsockname()[1]
        start = time.monotonic()
        result = validate_config(_with_page(config, f"http://127.0.0.1:{port}/api.php"))
        elapsed = time.monotonic() - start
    assert result.ok
    assert [w.code for w in result.warnings] == ["titles_unchecked"]
    assert result.warnings[0].message == (
        "Page titles were not checked: the wiki's API could not be reached."
    )
    assert elapsed < 3


@pytest.fixture
def internal_service():
    """A loopback service that is not a wiki (an admin panel, a database's HTTP port...)."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"internal admin panel")

        def log_message(self, *args):
            pass

    with serving(Handler) as port:
        yield port, hits


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_saving_a_config_never_makes_irs_call_a_loopback_service(
    client, wiki, wiki_admin, settings, internal_service, scheme
):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False  # production
    settings.IRS_CHECK_WIKI_TITLES = True
    port, hits = internal_service
    config = wiki.config
    config["wiki"]["api_url"] = f"{scheme}://127.0.0.1:{port}/internal/delete-everything"
    type_entry(config, "intimidation")["help_methods"] = [
        {"kind": "admin", "page": "Project:Admins"}
    ]
    client.force_login(wiki_admin)
    base = client.get(f"/w/{wiki.slug}/config/raw").context["base_id"]
    response = client.post(
        f"/w/{wiki.slug}/config/raw",
        {"raw": json.dumps(config), "base": base, "summary": "probe"},
        follow=True,
    )
    assert hits == []
    body = response.content.decode()
    for name in ("ConnectionError", "HTTPError", "JSONDecodeError", "Refused", "Timeout"):
        assert name not in body


def test_a_plain_http_wiki_api_on_loopback_is_refused_outside_tests(config, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    result = validate_config(
        _with_page(config, "http://127.0.0.1:8080/api.php"), check_titles=False
    )
    assert ("/wiki/api_url", "https_url") in {(e.pointer, e.code) for e in result.errors}


def test_a_private_or_shared_address_api_is_never_asked(config, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    for url in (
        "https://10.0.0.5/w/api.php",
        "https://100.100.100.200/w/api.php",
        "https://169.254.169.254/w/api.php",
    ):
        errors, warnings = check_titles_exist(url, {"A": [("x",)]})
        assert errors == []
        assert [w.message for w in warnings] == [
            "Page titles were not checked: the wiki's API could not be reached."
        ]
