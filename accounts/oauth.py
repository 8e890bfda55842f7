"""MediaWiki OAuth 2.0 clients (authorization code with PKCE S256) and what a profile says.

Client settings come from environment variables, read when needed (never stored in the
database, never in a wiki's community configuration):

    IRS_OAUTH_CLIENTS=meta,testwiki             names of the OAuth clients IRS is registered as
    IRS_OAUTH_META_CLIENT_ID=...                the consumer key MediaWiki gave
    IRS_OAUTH_META_CLIENT_SECRET=...            its secret (leave unset for a public client)
    IRS_OAUTH_META_WIKIS=*                      wiki slugs this client logs in for ("*": all)
    IRS_OAUTH_META_REST_URL=https://meta.wikimedia.org/w/rest.php
                                                where rest.php/oauth2/* lives (required)

A client named after one wiki serves that wiki by default; a central client (one wiki's
OAuth for many, like Wikimedia's Meta with unified login) lists several slugs or "*".
A wiki served by several clients uses the first one listed in IRS_OAUTH_CLIENTS.

The OAuth endpoints come only from the operators' REST_URL, never from a wiki's community
configuration (its base_url is edited in the browser by that wiki's admins: deriving the
endpoints from it would send the client secret to, and trust a profile from, any server an
admin names). A client without REST_URL is a configuration error (system check
accounts.E001, and ImproperlyConfigured when used). Identities are bound to that issuer.
"""

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

from irs.env import env_list, env_str


@dataclass(frozen=True)
class OAuthClient:
    name: str
    client_id: str
    client_secret: str
    wikis: tuple[str, ...]
    rest_url: str  # operator-set, never empty (configured_clients refuses that)

    def serves(self, wiki) -> bool:
        return "*" in self.wikis or wiki.slug in self.wikis

    @property
    def issuer(self) -> str:
        """Who vouches for this client's identities: its rest.php address, normalised."""
        return self.rest_url.rstrip("/")

    def rest_url_for(self, wiki) -> str:
        # The same for every wiki the client serves: never read from a wiki's configuration.
        if not self.rest_url:
            raise ImproperlyConfigured(
                f"OAuth client {self.name}: set IRS_OAUTH_{_env_name(self.name)}_REST_URL"
            )
        return self.issuer

    def authorize_url(self, wiki) -> str:
        return self.rest_url_for(wiki) + "/oauth2/authorize"

    def token_url(self, wiki) -> str:
        return self.rest_url_for(wiki) + "/oauth2/access_token"

    def profile_url(self, wiki) -> str:
        return self.rest_url_for(wiki) + "/oauth2/resource/profile"


def _env_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", name.upper())


def configured_clients() -> list[OAuthClient]:
    clients = []
    for name in env_list("IRS_OAUTH_CLIENTS", []):
        prefix = f"IRS_OAUTH_{_env_name(name)}_"
        client_id = env_str(prefix + "CLIENT_ID", "").strip()
        if not client_id:
            raise ImproperlyConfigured(f"{prefix}CLIENT_ID must be set (client {name!r})")
        rest_url = env_str(prefix + "REST_URL", "").strip()
        if not rest_url:
            raise ImproperlyConfigured(
                f"{prefix}REST_URL must be set (client {name!r}): where the OAuth wiki's "
                "rest.php lives, e.g. https://meta.wikimedia.org/w/rest.php"
            )
        if not re.match(r"^https?://[^/?#]+", rest_url):
            raise ImproperlyConfigured(f"{prefix}REST_URL must be an http(s) URL")
        clients.append(
            OAuthClient(
                name=name,
                client_id=client_id,
                client_secret=env_str(prefix + "CLIENT_SECRET", "").strip(),
                wikis=tuple(env_list(prefix + "WIKIS", [name])),
                rest_url=rest_url,
            )
        )
    return clients


def client_for(wiki) -> OAuthClient | None:
    """The OAuth client that logs people in for `wiki`, or None if it has none."""
    for client in configured_clients():
        if client.serves(wiki):
            return client
    return None


# -- PKCE (RFC 7636) ----------------------------------------------------------------------
def new_verifier() -> str:
    return secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-]: within 43..128


def challenge_for(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# -- profiles -----------------------------------------------------------------------------
def parse_mw_timestamp(value) -> datetime | None:
    """MediaWiki timestamps come as 20261124123456 (profile) or ISO 8601 with a date, a time
    and an offset (Action API: 2026-11-24T12:34:56Z). Anything else is None: Python's
    fromisoformat also reads "2026112412345" or "2026-11-24", as times without a zone that
    could not be compared with an aware one."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{14}", value):
            return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
            return None
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class BadProfile(ValueError):
    """The profile endpoint answered something that is not a MediaWiki user profile."""


def profile_facts(profile) -> dict:
    """The facts a rest.php/oauth2/resource/profile answer gives, checked and normalised."""
    if not isinstance(profile, dict):
        raise BadProfile("profile is not a JSON object")
    username = profile.get("username")
    if not isinstance(username, str) or not username.strip() or len(username) > 255:
        raise BadProfile("profile has no valid username")
    sub = profile.get("sub")
    if sub in (None, "") or len(str(sub)) > 64:
        raise BadProfile("profile has no valid sub")
    editcount = profile.get("editcount", 0)
    if not isinstance(editcount, int) or editcount < 0:
        editcount = 0
    groups = profile.get("groups") or []
    if not isinstance(groups, list):
        groups = []
    email = profile.get("email")
    if not isinstance(email, str):
        email = ""
    return {
        "sub": str(sub),
        "username": username.strip(),
        "edit_count": editcount,
        "registered_at": parse_mw_timestamp(profile.get("registered")),
        "email_confirmed": profile.get("confirmed_email") is True,
        "email": email if len(email) <= 254 else "",
        "groups": [str(group)[:64] for group in groups if isinstance(group, str)][:100],
        "blocked": profile.get("blocked") is True,
    }
