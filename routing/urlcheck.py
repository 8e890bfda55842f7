"""Which outbound URLs routing may call: https to public hosts, unless insecure is allowed."""

import ipaddress
import socket
from urllib.parse import urlsplit

from routing import conf


def problem_with_url(url: str) -> str | None:
    """A sentence saying why `url` may not be called, or None when it may."""
    if not isinstance(url, str) or not url:
        return "no URL"
    parts = urlsplit(url)
    if not parts.hostname:
        return "URL has no host"
    if conf.allow_insecure_urls():
        return None if parts.scheme in {"http", "https"} else "URL must be http(s)"
    if parts.scheme != "https":
        return "URL must use https"
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError:
        return None  # unresolvable now: a temporary problem for the send itself
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or (
            address.is_reserved or address.is_multicast or address.is_unspecified
        ):
            return "URL points to a private or loopback address"
    return None
