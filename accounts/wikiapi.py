"""Talking to a wiki's Action API: one small function, one error type.

Everything IRS asks a wiki (user facts, revisions for evidence) goes through `action_api`,
so timeouts, the User-Agent and what counts as "the wiki did not answer" live in one place.

The API address is typed in by the wiki's admins, so the request goes through
`irs.outbound` (https only, the host resolved once to global addresses only, no redirects
followed; plain http and loopback only under the operators' test/demo setting
IRS_ROUTING_ALLOW_INSECURE_URLS). Reserved example names are never asked at all.
"""

from urllib.parse import urlsplit

import requests
from django.conf import settings

from irs import outbound

DEFAULT_TIMEOUT = 5.0


class WikiUnreachable(Exception):
    """The wiki did not give a usable answer (network error, HTTP error, API error, bad JSON)."""


class WikiNotConfigured(WikiUnreachable):
    """The wiki has no API address that could ever answer: none, or a reserved example name
    (the demo wiki's example.org). Asking again later will not help."""


class WikiRefused(WikiUnreachable):
    """The wiki's API address may not be called (plain http, a private or loopback address,
    a user name in the URL...): nothing was sent. Asking again later will not help."""


# Names reserved for documentation and tests (RFC 2606, RFC 6761): never asked over the
# network, so demo wikis and tests never send traffic to them.
_RESERVED = ("example.org", "example.com", "example.net", ".example", ".invalid", ".test")


def _reserved(host: str) -> bool:
    host = (host or "").lower().rstrip(".")
    return any(host == name.lstrip(".") or host.endswith("." + name.lstrip("."))
               for name in _RESERVED)  # fmt: skip


def user_agent() -> str:
    return f"IRS/0.1 (+{settings.SITE_URL})"


def api_url(wiki) -> str:
    url = (wiki.config.get("wiki") or {}).get("api_url") or ""
    if not url:
        raise WikiNotConfigured(f"wiki {wiki.slug} has no api_url configured")
    if _reserved(urlsplit(url).hostname or ""):
        raise WikiNotConfigured(f"wiki {wiki.slug}'s api_url is a reserved example address")
    return url


def action_api(wiki, *, timeout: float = DEFAULT_TIMEOUT, **params) -> dict:
    """GET the wiki's api.php with `params` (JSON, formatversion 2) and return the answer."""
    params = {"format": "json", "formatversion": "2", **params}
    try:
        response = outbound.get(
            api_url(wiki), params=params, timeout=timeout, headers={"User-Agent": user_agent()}
        )
        if 300 <= response.status_code < 400:
            # Never followed: the target was not checked (and may be a private address).
            raise WikiUnreachable(f"the API answered with a redirect ({response.status_code})")
        response.raise_for_status()
        data = response.json()
    except outbound.Refused as refusal:
        message = f"wiki {wiki.slug}'s api_url may not be called: {refusal.reason}"
        raise WikiRefused(message) from refusal
    except (requests.RequestException, ValueError) as error:
        raise WikiUnreachable(str(error)) from error
    if not isinstance(data, dict):
        raise WikiUnreachable("the API answered something that is not a JSON object")
    if "error" in data:
        error = data["error"]
        code = error.get("code", "") if isinstance(error, dict) else str(error)
        raise WikiUnreachable(f"API error {code}")
    return data


def usernames_with_prefix(wiki, prefix: str, limit: int = 10) -> list[str]:
    """The wiki's own user names starting with `prefix` (list=allusers), at most `limit`.

    Raises WikiNotConfigured when the wiki has no API to ask, WikiUnreachable when it fails.
    """
    data = action_api(
        wiki, action="query", list="allusers", auprefix=prefix, aulimit=max(1, min(limit, 50))
    )
    query = data.get("query")
    users = query.get("allusers") if isinstance(query, dict) else None
    if not isinstance(users, list):
        raise WikiUnreachable("list=allusers gave no list")
    names = [user.get("name") for user in users if isinstance(user, dict)]
    return [name[:255] for name in names if isinstance(name, str) and name][:limit]
