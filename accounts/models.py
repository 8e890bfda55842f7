from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in to IRS: through a wiki (MediaWiki OAuth) or a local account."""


class WikiAccount(models.Model):
    """What a wiki says about one of its users: the facts eligibility is decided on.

    The identity provider fills these in (local accounts keep them as set; the MediaWiki
    provider refreshes them from the wiki's API). Nothing else writes them.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="wiki_accounts")
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="accounts")
    provider = models.CharField(max_length=32, default="local")
    username = models.CharField(max_length=255)
    mw_user_id = models.BigIntegerField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    registered_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(blank=True)
    email_confirmed = models.BooleanField(default=False)
    groups = models.JSONField(default=list, blank=True)
    blocked = models.BooleanField(default=False)
    block_reason = models.TextField(blank=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wiki", "user"], name="one_account_per_wiki_user"),
            models.UniqueConstraint(fields=["wiki", "username"], name="unique_username_per_wiki"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.wiki_id}"

    @property
    def is_autoconfirmed(self) -> bool:
        return "autoconfirmed" in self.groups

    def account_age(self, now=None) -> timedelta | None:
        if self.registered_at is None:
            return None
        return (now or timezone.now()) - self.registered_at


class MediaWikiIdentity(models.Model):
    """Who a MediaWiki OAuth client says a person is: that client's `sub` maps to one user.

    A central client (one wiki's OAuth for many wikis) gives the same identity on every wiki
    it serves, so a person has one IRS user and one WikiAccount per wiki they report on.

    `issuer` is the rest.php address (operator-set) whose profile vouched for `sub`: the same
    `sub` from any other server never matches this identity. Identities from before issuers
    were recorded have "" and are bound to the client's issuer at their next login.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mediawiki_identities")
    client = models.CharField(max_length=64)
    issuer = models.CharField(max_length=500, blank=True, default="")
    sub = models.CharField(max_length=64)
    username = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client", "sub"], name="one_user_per_issuer_identity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.username} via {self.client}"


class LoginThrottle(models.Model):
    """Failed logins counted per account name or client address (accounts/login_throttle.py):
    in the database, so the limit holds across every server process."""

    key = models.CharField(max_length=300, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key


class LoginLockout(models.Model):
    """The audit trail: one row each time an account name or an address was locked."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("address")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=255)
    failures = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    locked_until = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"
