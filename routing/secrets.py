"""Secrets named in a wiki's configuration, held in the environment, never in the config.

A destination says `"credential": "enwiki-bot"` or `"secret": "helpdesk-hmac"`; the values
live in IRS_CREDENTIAL_ENWIKI_BOT_USER / IRS_CREDENTIAL_ENWIKI_BOT_PASSWORD and
IRS_SECRET_HELPDESK_HMAC. Names are upper-cased and anything but letters and digits becomes
an underscore.

The operators also say which wikis may use each one (a wiki's admins choose the names in
its configuration, and must not be able to use another wiki's bot password or signing
secret):

- IRS_CREDENTIAL_<NAME>_WIKIS and IRS_SECRET_<NAME>_WIKIS: the slugs of the wikis whose
  configuration may name it, separated by commas or spaces (required);
- IRS_CREDENTIAL_<NAME>_API: the one MediaWiki Action API URL the bot password is sent to
  (required). The noticeboard channel refuses to log in anywhere else.

A name that is not bound to the wiki is treated exactly like a name that does not exist.
"""

import os
import re
from urllib.parse import urlsplit

from routing.channels.base import DeliveryError


def env_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", str(name).upper())


def _bound_wikis(stem: str) -> set[str]:
    return {part for part in re.split(r"[\s,]+", os.environ.get(f"{stem}_WIKIS", "")) if part}


def _slug(wiki) -> str:
    return str(getattr(wiki, "slug", wiki) or "")


def same_api(first: str, second: str) -> bool:
    """Two API URLs name the same endpoint (case of scheme and host, default port aside)."""
    try:
        a, b = urlsplit(str(first or "").strip()), urlsplit(str(second or "").strip())
        ports = (
            a.port or {"https": 443, "http": 80}.get(a.scheme.lower()),
            b.port or {"https": 443, "http": 80}.get(b.scheme.lower()),
        )
    except ValueError:
        return False
    return bool(a.hostname) and (
        a.scheme.lower(),
        a.hostname,
        ports[0],
        a.path or "/",
        a.query,
    ) == (b.scheme.lower(), b.hostname, ports[1], b.path or "/", b.query)


def credential_bound(name: str, wiki) -> bool:
    """The operators hold this credential for this wiki (user, password, wikis and API set)."""
    stem = f"IRS_CREDENTIAL_{env_name(name)}"
    return bool(
        name
        and os.environ.get(f"{stem}_USER")
        and os.environ.get(f"{stem}_PASSWORD")
        and os.environ.get(f"{stem}_API")
        and _slug(wiki) in _bound_wikis(stem)
    )


def credential_api(name: str) -> str:
    return os.environ.get(f"IRS_CREDENTIAL_{env_name(name)}_API", "").strip()


# IRS_SECRET_KEY is Django's own signing key, never a webhook secret, whatever is bound.
RESERVED_SECRET_NAMES = {"KEY"}


def secret_bound(name: str, wiki) -> bool:
    if env_name(name) in RESERVED_SECRET_NAMES:
        return False
    stem = f"IRS_SECRET_{env_name(name)}"
    return bool(name and os.environ.get(stem) and _slug(wiki) in _bound_wikis(stem))


def unbound_names() -> list[str]:
    """Environment variables of credentials and secrets that no wiki may use (yet)."""
    found = []
    for variable in sorted(os.environ):
        if variable.startswith("IRS_CREDENTIAL_") and variable.endswith("_PASSWORD"):
            stem = variable.removesuffix("_PASSWORD")
            if not _bound_wikis(stem) or not os.environ.get(f"{stem}_API"):
                found.append(stem)
        elif (
            variable.startswith("IRS_SECRET_")
            and not variable.endswith("_WIKIS")
            and variable.removeprefix("IRS_SECRET_") not in RESERVED_SECRET_NAMES
            and not _bound_wikis(variable)
        ):
            found.append(variable)
    return found


def credential(name: str, wiki) -> tuple[str, str, str]:
    """(user, password, API URL) of a credential bound to `wiki`; else a permanent failure."""
    stem = f"IRS_CREDENTIAL_{env_name(name)}"
    if not credential_bound(name, wiki):
        raise DeliveryError(
            f"credential {name!r} is not configured for wiki {_slug(wiki)!r} (set "
            f"{stem}_USER, {stem}_PASSWORD, {stem}_API and {stem}_WIKIS)",
            permanent=True,
        )
    return os.environ[f"{stem}_USER"], os.environ[f"{stem}_PASSWORD"], credential_api(name)


def secret(name: str, wiki) -> str:
    """The value of a secret bound to `wiki`; else a permanent failure."""
    variable = f"IRS_SECRET_{env_name(name)}"
    if not secret_bound(name, wiki):
        raise DeliveryError(
            f"secret {name!r} is not configured for wiki {_slug(wiki)!r} "
            f"(set {variable} and {variable}_WIKIS)",
            permanent=True,
        )
    return os.environ[variable]
