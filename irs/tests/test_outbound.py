"""The guarded outbound HTTP helper: no requests to internal addresses, no redirects."""

import socket
from http.server import BaseHTTPRequestHandler

import pytest

from irs import outbound
from testing.servers import serving


@pytest.fixture
def local_server():
    """A loopback HTTP server that records what it is asked; /moved redirects to /target."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append((self.path, self.headers.get("Host")))
            if self.path.startswith("/moved"):
                self.send_response(302)
                self.send_header("Location", "/target")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"{}"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with serving(Handler) as port:
        yield port, hits


@pytest.mark.parametrize(
    "url",
    [
        "https://100.100.100.200/latest/meta-data/",  # shared address space (cloud metadata)
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/",
        "https://192.168.0.1/",
        "https://127.0.0.1/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[fd00::1]/",
        "https://0.0.0.0/",
        "https://224.0.0.1/",
    ],
)
def test_it_refuses_every_non_public_address(settings, url):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    assert outbound.problem_with_url(url) is not None
    assert outbound.static_problem_with_url(url) is not None
    with pytest.raises(outbound.Refused):
        outbound.get(url, timeout=1)


def test_it_refuses_a_host_that_does_not_resolve(settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    assert outbound.problem_with_url("https://nothing-here.invalid/api.php") is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://wiki.example.org/",
        "ftp://wiki.example.org/",
        "https://user:pw@wiki.example.org/",
        "",
        "https:///nohost",
    ],
)
def test_it_refuses_plain_http_other_schemes_and_credentials_in_the_url(settings, url):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    assert outbound.static_problem_with_url(url) is not None
    with pytest.raises(outbound.Refused):
        outbound.get(url, timeout=1)


def test_loopback_is_only_reachable_under_the_test_setting(settings, local_server):
    port, hits = local_server
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    with pytest.raises(outbound.Refused):
        outbound.get(f"http://127.0.0.1:{port}/internal", timeout=2)
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    with pytest.raises(outbound.Refused):
        outbound.get(f"http://10.0.0.1:{port}/internal", timeout=2)  # other private: never
    assert hits == []
    assert outbound.get(f"http://127.0.0.1:{port}/ok", timeout=2).status_code == 200
    assert hits == [("/ok", f"127.0.0.1:{port}")]


def test_it_never_follows_a_redirect(settings, local_server):
    port, hits = local_server
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    with outbound.session() as session:
        response = session.get(f"http://127.0.0.1:{port}/moved", timeout=2, allow_redirects=True)
    assert response.status_code == 302
    assert [path for path, _host in hits] == ["/moved"]


def test_it_checks_the_address_it_connects_to_so_dns_rebinding_fails(
    settings, local_server, monkeypatch
):
    """The name answers a public address to the first lookup and loopback afterwards."""
    port, hits = local_server
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def rebinding(host, *args, **kwargs):
        if host == "rebind.example.net":
            return real(next(answers, "127.0.0.1"), *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    assert outbound.problem_with_url(f"https://rebind.example.net:{port}/") is None
    with pytest.raises(outbound.Refused):
        outbound.get(f"https://rebind.example.net:{port}/", timeout=2)
    assert hits == []


def test_it_resolves_once_and_connects_to_the_address_it_checked(
    settings, local_server, monkeypatch
):
    port, hits = local_server
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    real = socket.getaddrinfo
    lookups = []

    def counting(host, *args, **kwargs):
        lookups.append(host)
        return real("127.0.0.1" if host == "wiki.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    response = outbound.get(f"http://wiki.test:{port}/api.php", timeout=2)
    assert response.status_code == 200
    assert lookups == ["wiki.test"]
    assert hits == [("/api.php", f"wiki.test:{port}")]


def test_the_urllib3_internals_the_guard_overrides_are_still_there():
    """Canary for the urllib3 pin: irs/outbound.py replaces HTTPConnection._new_conn and reads
    _dns_host and _DEFAULT_TIMEOUT. If an upgrade renames them, the guard would silently stop
    being called (connections would resolve again, after the check): this fails first."""
    import urllib3
    from urllib3.connection import HTTPConnection
    from urllib3.util import timeout

    assert urllib3.__version__.startswith("2.8."), "re-check irs/outbound.py, then move the pin"
    assert "_new_conn" in vars(HTTPConnection)
    assert hasattr(timeout, "_DEFAULT_TIMEOUT")
    connection = outbound._GuardedHTTPSConnection("example.org", 443)
    assert type(connection)._new_conn is outbound._Guarded._new_conn
    assert connection._dns_host == "example.org"
