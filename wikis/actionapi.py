"""The one client for a wiki's MediaWiki Action API (api.php).

Everything IRS asks or tells a wiki goes through `ActionAPI`: user facts and name autocomplete
(accounts), evidence snapshots and location checks (reports), page checks in the configuration
editor (wikis), noticeboard sections, user-talk messages and wiki email (routing). So the
User-Agent, the timeouts, the address guard and what counts as a temporary failure live here.

- Requests go through `irs.outbound` (https only, the host resolved once to global addresses,
  no redirects followed, no proxies). A wiki's API address is typed in by its admins.
- Reserved example names (RFC 2606/6761: example.org, .test, ...) are never asked at all, so
  demo configurations and tests send no traffic to them.
- Every call asks for JSON, formatversion 2; writes (POST) also send `maxlag`.
- One error type, `APIError`, says whether asking again later can help (`temporary`) and how
  long the wiki asked us to wait (`retry_after`: Retry-After, or maxlag's lag).

Why not mwclient or mwapi: both would sit on the same guarded session, but mwclient retries
5xx and maxlag inside the call (sleeping in a web request or a worker, and hiding the
Retry-After it got), and neither classifies failures the way the outbox needs (retry with
backoff, or dead at once). IRS retries through its outbox, so the client stays one small
module on `requests`.
"""

from urllib.parse import urlsplit

import requests
from django.conf import settings

from irs import outbound

# API error codes that say "not now": asking again later can succeed.
TEMPORARY_CODES = frozenset({
    "maxlag",
    "readonly",
    "ratelimited",
    "badtoken",
    "assertuserfailed",
    "internal_api_error_DBQueryError",
    "editconflict",
})  # fmt: skip
# API error codes that say "never like this": another attempt gets the same answer.
PERMANENT_CODES = frozenset({
    "protectedpage",
    "cascadeprotected",
    "protectednamespace",
    "protectednamespace-interface",
    "protectedtitle",
    "permissiondenied",
    "writeapidenied",
    "noedit",
    "noedit-anon",
    "blocked",
    "autoblocked",
    "spamblacklist",
    "abusefilter-disallowed",
    "invalidtitle",
    "contenttoobig",
    "customcssprotected",
    "customjsprotected",
    "mwoauth-invalid-authorization",
})  # fmt: skip
TEMPORARY_HTTP = frozenset({408, 429})  # and every 5xx
MAXLAG = "5"  # seconds of replica lag above which the wiki should refuse our writes

# Names reserved for documentation and tests (RFC 2606, RFC 6761).
_RESERVED = ("example.org", "example.com", "example.net", "example", "invalid", "test")


class APIError(Exception):
    """The wiki gave no usable answer. `temporary`: worth asking again later; `retry_after`:
    seconds the wiki asked us to wait (or None); `code`: the API error code, if it sent one."""

    def __init__(self, message: str, *, temporary: bool, retry_after: float | None = None,
                 code: str = ""):  # fmt: skip
        super().__init__(message)
        self.message = message
        self.temporary = temporary
        self.retry_after = retry_after
        self.code = code

    def __str__(self) -> str:
        return self.message


class NotConfigured(APIError):
    """No API address that could ever answer: none, or a reserved example name."""

    def __init__(self, message: str):
        super().__init__(message, temporary=False)


class Refused(APIError):
    """The address may not be called (plain http, a private address, ...): nothing was sent."""

    def __init__(self, message: str):
        super().__init__(message, temporary=False)


def while_waiting() -> float:
    """Seconds to wait for the wiki while a person waits for a page."""
    return float(settings.IRS_WIKI_API_TIMEOUT)


def in_background() -> tuple[float, float]:
    """(connect, read) seconds for a worker's request: slower wikis are given longer."""
    return outbound.background_timeout()


def is_reserved(host: str) -> bool:
    host = (host or "").lower().rstrip(".")
    return any(host == name or host.endswith("." + name) for name in _RESERVED)


def api_url_of(wiki) -> str:
    """The wiki's configured api.php address; NotConfigured when there is none to ask."""
    url = (wiki.config.get("wiki") or {}).get("api_url") or ""
    if not url:
        raise NotConfigured(f"wiki {wiki.slug} has no api_url configured")
    if is_reserved(urlsplit(url).hostname or ""):
        raise NotConfigured(f"wiki {wiki.slug}'s api_url is a reserved example address")
    return url


def _permanent_code(code: str) -> bool:
    if code in TEMPORARY_CODES:
        return False
    return (
        code in PERMANENT_CODES
        or code.startswith("protected")
        or code.startswith(("permission", "abusefilter"))
    )


class ActionAPI:
    """A session with one wiki's api.php (cookies kept across calls, for logins).

    with ActionAPI(url, timeout=in_background()) as api:
        api.login(name, password)
        api.post(action="edit", title=..., token=api.token())
    """

    def __init__(self, url: str, *, timeout: float | tuple[float, float]):
        if is_reserved(urlsplit(url).hostname or ""):
            raise NotConfigured("the API address is a reserved example address")
        self.url = url
        self.timeout = timeout
        self.session = outbound.session()  # it sends outbound.user_agent()
        self.session.headers["Accept"] = "application/json"

    @classmethod
    def of(cls, wiki, *, timeout: float | tuple[float, float]) -> "ActionAPI":
        return cls(api_url_of(wiki), timeout=timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.session.close()

    # -- calls ------------------------------------------------------------------------------
    def get(self, **params) -> dict:
        return self._call("get", params)

    def post(self, **params) -> dict:
        return self._call("post", {**params, "maxlag": MAXLAG})

    def token(self, kind: str = "csrf") -> str:
        data = self.get(action="query", meta="tokens", type=kind)
        try:
            return str(data["query"]["tokens"][f"{kind}token"])
        except (KeyError, TypeError):
            raise APIError(f"the wiki gave no {kind} token", temporary=True) from None

    def login(self, name: str, password: str) -> None:
        """Log in with a bot password; APIError (permanent) when the wiki refuses it."""
        result = self.post(action="login", lgname=name, lgpassword=password,
                           lgtoken=self.token("login")).get("login") or {}  # fmt: skip
        if result.get("result") != "Success":
            reason = str(result.get("reason") or result.get("result") or "")
            raise APIError(f"login refused: {reason[:200]}", temporary=False, code="login")

    def _call(self, method: str, params: dict) -> dict:
        params = {**params, "format": "json", "formatversion": "2"}
        try:
            if method == "post":
                response = self.session.post(self.url, data=params, timeout=self.timeout)
            else:
                response = self.session.get(self.url, params=params, timeout=self.timeout)
        except outbound.Refused as refusal:
            raise Refused(f"the API address may not be called: {refusal.reason}") from None
        except requests.RequestException as error:
            raise APIError(f"the wiki did not answer: {error.__class__.__name__}",
                           temporary=True) from error  # fmt: skip
        return self._answer(response)

    @staticmethod
    def _answer(response) -> dict:
        status = response.status_code
        wait = outbound.retry_after(response.headers)
        if status >= 500 or status in TEMPORARY_HTTP:
            raise APIError(f"the wiki answered HTTP {status}", temporary=True, retry_after=wait)
        if 300 <= status < 400:  # never followed: the target was not checked
            raise APIError(f"the wiki answered with a redirect (HTTP {status})", temporary=False)
        if status != 200:
            raise APIError(f"the wiki answered HTTP {status}", temporary=False)
        try:
            data = response.json()
        except ValueError:
            raise APIError("the wiki answered something that is not JSON", temporary=True) from None
        if not isinstance(data, dict):
            raise APIError("the wiki answered something that is not a JSON object", temporary=True)
        error = data.get("error")
        if error is not None:
            error = error if isinstance(error, dict) else {"code": str(error)}
            code = str(error.get("code") or "unknown")
            info = " ".join(str(error.get("info") or "").split())[:300]
            permanent = _permanent_code(code)
            if code == "maxlag" and isinstance(error.get("lag"), (int, float)):
                # The replicas lag behind: wait at least that long (and what Retry-After says).
                wait = max(wait or 0.0, float(error["lag"]))
            raise APIError(f"the wiki refused ({code}): {info}", temporary=not permanent,
                           retry_after=None if permanent else wait, code=code)  # fmt: skip
        return data


# -- the questions more than one app asks ---------------------------------------------------
def ask(wiki, *, timeout: float | tuple[float, float] | None = None, **params) -> dict:
    """One GET to `wiki`'s API (while a person waits, unless `timeout` says otherwise)."""
    with ActionAPI.of(wiki, timeout=timeout or while_waiting()) as api:
        return api.get(**params)


def usernames_with_prefix(wiki, prefix: str, limit: int = 10) -> list[str]:
    """The wiki's own user names starting with `prefix` (list=allusers), at most `limit`."""
    data = ask(wiki, action="query", list="allusers", auprefix=prefix,
               aulimit=max(1, min(limit, 50)))  # fmt: skip
    query = data.get("query")
    users = query.get("allusers") if isinstance(query, dict) else None
    if not isinstance(users, list):
        raise APIError("list=allusers gave no list", temporary=True)
    names = [user.get("name") for user in users if isinstance(user, dict)]
    return [name[:255] for name in names if isinstance(name, str) and name][:limit]
