"""Making, checking and revoking personal access tokens.

A token reads `irs_<prefix>_<secret>`: the prefix finds the row, the secret is compared with
the stored SHA-256 digest in constant time. Both parts are random; the token is shown once.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import AccessToken, Scope
from desk.cases import audit
from desk.models import AuditAction

DEFAULT_DAYS = 90
MAX_DAYS = 365
NAME_MAX = 100
# A token used again within this long is not written back (one UPDATE a minute at most).
TOUCH_EVERY = timedelta(minutes=1)
_SHAPE = re.compile(r"^irs_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")


class TokenError(Exception):
    """A token could not be made; the message is shown to the person who asked."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise TokenError(_("Give the token a name, so you know later what uses it."))
    if len(name) > NAME_MAX:
        raise TokenError(
            _("A token's name can be at most %(limit)s characters long.") % {"limit": NAME_MAX}
        )
    if not name.isprintable():
        raise TokenError(_("A token's name cannot contain control characters."))
    return name


@transaction.atomic
def issue(user, name: str, scope: str, team=None, days=DEFAULT_DAYS) -> tuple[AccessToken, str]:
    """(the new token's row, the token itself: show it once)."""
    name = _clean_name(name)
    if scope not in Scope.values:
        raise TokenError(_("Choose what the token may do."))
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise TokenError(_("Give the number of days the token lasts.")) from None
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(_("A token lasts from 1 to %(limit)s days.") % {"limit": MAX_DAYS})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest(secret),
        scope=scope,
        team=team,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit(
        user,
        AuditAction.TOKEN_CREATE,
        team=team,
        token=prefix,
        name=name,
        scope=scope,
        expires=token.expires_at.date().isoformat(),
    )
    return token, f"irs_{prefix}_{secret}"


def authenticate(raw: str, now=None) -> AccessToken | None:
    """The usable token `raw` is, or None (unknown, wrong secret, revoked or expired)."""
    match = _SHAPE.match(raw or "")
    if not match:
        return None
    prefix, secret = match.groups()
    token = AccessToken.objects.select_related("user", "team").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest(secret)):
        return None
    now = now or timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def revoke(token: AccessToken, by) -> bool:
    """False if it was already revoked."""
    changed = AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        audit(by, AuditAction.TOKEN_REVOKE, team=token.team, token=token.prefix, name=token.name)
    return bool(changed)
