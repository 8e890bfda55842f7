"""The one way IRS calls a URL that a wiki's configuration (or an operator) names.

Wiki API URLs and webhook URLs are typed in by a wiki's admins, so every request to them
goes through here (server-side request forgery guard):

- only https, with no user name or password in the URL;
- the host is resolved once, every address it resolves to must be global
  (`ipaddress.ip_address(a).is_global`: no loopback, private, link-local, shared
  100.64.0.0/10, reserved, multicast...), and the connection goes to exactly the address that
  was checked (no second lookup that DNS rebinding could answer differently);
- a host that does not resolve is refused (`Unreachable`: worth a retry later);
- redirects are never followed (a 3xx comes back as the response);
- proxies from the environment are ignored (the connection must go to the checked address).

The operator setting IRS_ROUTING_ALLOW_INSECURE_URLS (tests and local demos only) also allows
plain http and loopback addresses (never other private ones).

Use it like requests:

    from irs import outbound

    response = outbound.get(url, params={...}, timeout=5)          # one request
    with outbound.session() as session:                            # cookies across calls
        session.post(url, data={...}, timeout=5)

    problem = outbound.problem_with_url(url)   # a sentence, or None: for config validation

`outbound.Refused` (the URL may not be called: permanent) and `outbound.Unreachable` (the host
did not resolve or did not answer: temporary) are the only errors it raises besides the
usual `requests.RequestException`s, and `Unreachable` is one of those.
"""

import ipaddress
import socket
from email.utils import parsedate_to_datetime
from time import time
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.timeout import _DEFAULT_TIMEOUT


def user_agent() -> str:
    """The one User-Agent of every request IRS sends (wikis, webhooks): it names this
    installation, as the Wikimedia User-Agent policy asks."""
    return f"IRS/0.1 (+{settings.SITE_URL}; incident reporting system)"


class Refused(Exception):
    """The URL or the address it resolves to may not be called. Not worth retrying."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Unreachable(requests.ConnectionError):
    """The host does not resolve (now). Perhaps worth a retry later."""


def retry_after(headers) -> float | None:
    """Seconds a `Retry-After` header asks for (delay-seconds or an HTTP date), or None."""
    value = str((headers or {}).get("Retry-After", "") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def background_timeout() -> tuple[float, float]:
    """(connect, read) seconds for a worker's request to a webhook or a wiki."""
    return (5.0, settings.IRS_ROUTING_HTTP_TIMEOUT)


def insecure_allowed() -> bool:
    """Plain http and loopback addresses: tests and local demos only."""
    return settings.IRS_ROUTING_ALLOW_INSECURE_URLS


def _check_url(url) -> tuple[str, int]:
    """(host, port) of a URL that may be called, or Refused."""
    if not isinstance(url, str) or not url:
        raise Refused("no URL")
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise Refused("not a valid URL") from None
    allowed = {"https", "http"} if insecure_allowed() else {"https"}
    if parts.scheme not in allowed:
        raise Refused("URL must use https")
    if not host:
        raise Refused("URL has no host")
    if parts.username or parts.password:
        raise Refused("URL must not contain a user name or password")
    return host, port or (443 if parts.scheme == "https" else 80)


def address_problem(address: str) -> str | None:
    """Why IRS may not connect to this IP address, or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return None
    if ip.is_loopback and insecure_allowed():
        return None
    return "URL points to a private or loopback address (or another non-public one)"


def resolve(host: str, port: int) -> list[tuple]:
    """Every address `host` has, each allowed, as getaddrinfo tuples; or Refused/Unreachable.

    Refused if any one address is not allowed: the host's owner must not be able to choose
    which of them we use.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Unreachable(f"host {host!r} does not resolve") from error
    if not infos:
        raise Unreachable(f"host {host!r} does not resolve")
    for info in infos:
        problem = address_problem(str(info[4][0]))
        if problem:
            raise Refused(problem)
    return infos


def problem_with_url(url) -> str | None:
    """A sentence saying why `url` may not be called (now), or None when it may.

    Resolves the host: an unresolvable host is a problem too.
    """
    try:
        resolve(*_check_url(url))
    except Refused as refusal:
        return refusal.reason
    except Unreachable:
        return "the host does not resolve"
    return None


def static_problem_with_url(url) -> str | None:
    """Like problem_with_url, without a DNS lookup: scheme, host, and literal IP addresses."""
    try:
        host, _port = _check_url(url)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
        return address_problem(host)
    except Refused as refusal:
        return refusal.reason


class _Guarded:
    """A urllib3 connection that resolves once, checks, and connects to the checked address."""

    def _new_conn(self):
        infos = resolve(self._dns_host, self.port)
        last = None
        for family, kind, proto, _name, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                if self.timeout is not _DEFAULT_TIMEOUT:
                    sock.settimeout(self.timeout)
                for option in self.socket_options or []:
                    sock.setsockopt(*option)
                sock.connect(address)
                return sock
            except TimeoutError as error:
                sock.close()
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from error
            except OSError as error:
                sock.close()
                last = error
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")


class _GuardedHTTPConnection(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_Guarded, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise Refused("outbound requests do not go through a proxy")


class GuardedSession(requests.Session):
    """A requests.Session whose every request is checked; redirects are never followed."""

    def __init__(self):
        super().__init__()
        self.trust_env = False  # no proxies or .netrc from the environment
        self.headers["User-Agent"] = user_agent()
        adapter = _GuardedAdapter()
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def request(self, method, url, *args, **kwargs):
        _check_url(url)
        kwargs["allow_redirects"] = False
        kwargs.pop("proxies", None)
        return super().request(method, url, *args, **kwargs)

    def send(self, request, **kwargs):
        kwargs["allow_redirects"] = False
        return super().send(request, **kwargs)


def session() -> GuardedSession:
    return GuardedSession()


def request(method: str, url: str, **kwargs) -> requests.Response:
    with GuardedSession() as guarded:
        return guarded.request(method, url, **kwargs)


def get(url: str, **kwargs) -> requests.Response:
    return request("GET", url, **kwargs)


def post(url: str, **kwargs) -> requests.Response:
    return request("POST", url, **kwargs)
