"""Personal access tokens: shown once, stored as a digest, expire, revoke, scope, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api import tokens
from api.models import AccessToken, Scope
from api.tests.conftest import token_for
from desk.models import AuditAction, AuditEntry


def test_a_token_is_stored_only_as_a_digest(responder):
    row, secret = tokens.issue(responder, "bot", Scope.READ)
    stored = AccessToken.objects.get(pk=row.pk)
    assert secret.startswith(f"irs_{stored.prefix}_")
    secret_part = secret[len(f"irs_{stored.prefix}_") :]
    assert secret_part not in stored.digest
    assert stored.digest == tokens.digest(secret_part)
    assert tokens.authenticate(secret).pk == row.pk


def test_a_wrong_secret_with_a_known_prefix_is_refused(responder):
    row, secret = tokens.issue(responder, "bot", Scope.READ)
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert tokens.authenticate(forged) is None
    assert tokens.authenticate("irs_" + row.prefix) is None
    assert tokens.authenticate("") is None


def test_an_expired_token_is_refused_at_its_boundary(responder):
    row, secret = tokens.issue(responder, "bot", Scope.READ, days=1)
    assert tokens.authenticate(secret, now=row.expires_at - timedelta(seconds=1)) is not None
    assert tokens.authenticate(secret, now=row.expires_at) is None


def test_a_revoked_token_is_refused_and_revoking_is_audited(responder):
    row, secret = tokens.issue(responder, "bot", Scope.READ)
    assert tokens.revoke(row, responder) is True
    assert tokens.authenticate(secret) is None
    assert tokens.revoke(row, responder) is False
    entry = AuditEntry.objects.filter(action=AuditAction.TOKEN_REVOKE).get()
    assert entry.details["token"] == row.prefix
    assert entry.actor == responder


def test_making_a_token_is_audited_without_the_secret(responder):
    row, secret = tokens.issue(responder, "helpdesk", Scope.ACT)
    entry = AuditEntry.objects.filter(action=AuditAction.TOKEN_CREATE).get()
    assert entry.details == {
        "token": row.prefix,
        "name": "helpdesk",
        "scope": "act",
        "expires": row.expires_at.date().isoformat(),
    }
    assert secret not in str(entry.details)


def test_a_deactivated_account_cannot_use_its_tokens(responder):
    secret = token_for(responder)
    responder.is_active = False
    responder.save()
    assert tokens.authenticate(secret) is None


@pytest.mark.parametrize(
    "name,scope,days",
    [
        ("", "read", 90),
        ("x" * 101, "read", 90),
        ("bad\x00name", "read", 90),
        ("ok", "admin", 90),
        ("ok", "read", 0),
        ("ok", "read", 366),
        ("ok", "read", "many"),
    ],
)
def test_bad_token_requests_are_refused_and_make_nothing(responder, name, scope, days):
    with pytest.raises(tokens.TokenError):
        tokens.issue(responder, name, scope, days=days)
    assert not AccessToken.objects.exists()


def test_last_use_is_recorded_at_most_once_a_minute(responder):
    row, secret = tokens.issue(responder, "bot", Scope.READ)
    now = timezone.now()
    tokens.authenticate(secret, now=now)
    assert AccessToken.objects.get(pk=row.pk).last_used_at == now
    tokens.authenticate(secret, now=now + timedelta(seconds=30))
    assert AccessToken.objects.get(pk=row.pk).last_used_at == now
    later = now + timedelta(minutes=2)
    tokens.authenticate(secret, now=later)
    assert AccessToken.objects.get(pk=row.pk).last_used_at == later
