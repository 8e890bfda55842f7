"""Secrets named in a wiki's configuration, held in the environment, never in the config.

A destination says `"credential": "enwiki-bot"` or `"secret": "helpdesk-hmac"`; the values
live in IRS_CREDENTIAL_ENWIKI_BOT_USER / IRS_CREDENTIAL_ENWIKI_BOT_PASSWORD and
IRS_SECRET_HELPDESK_HMAC. Names are upper-cased and anything but letters and digits becomes
an underscore.
"""

import os
import re

from routing.channels.base import DeliveryError


def env_name(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", str(name).upper())


def credential(name: str) -> tuple[str, str]:
    """(user, password) for a named credential; a missing one is a permanent failure."""
    stem = f"IRS_CREDENTIAL_{env_name(name)}"
    user = os.environ.get(f"{stem}_USER", "")
    password = os.environ.get(f"{stem}_PASSWORD", "")
    if not name or not user or not password:
        raise DeliveryError(
            f"credential {name!r} is not configured (set {stem}_USER and {stem}_PASSWORD)",
            permanent=True,
        )
    return user, password


def secret(name: str) -> str:
    variable = f"IRS_SECRET_{env_name(name)}"
    value = os.environ.get(variable, "")
    if not name or not value:
        raise DeliveryError(f"secret {name!r} is not configured (set {variable})", permanent=True)
    return value
