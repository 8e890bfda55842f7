"""Personal access tokens for the API, and the teams' case-event webhooks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read cases")
    ACT = "act", _("Read and act on cases")


class AccessTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class AccessToken(models.Model):
    """One personal access token. Only a digest of the secret is stored: shown once, never
    again. `prefix` is the token's public part, what the lists and the audit log show."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    # None: every team the person works; otherwise only this team's queues.
    team = models.ForeignKey(
        "desk.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_act(self) -> bool:
        return self.scope == Scope.ACT

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class CaseEvent(models.TextChoices):
    CREATED = "report.created", _("A report arrived in the team's queues")
    UPDATED = "case.updated", _("Status or assignee changed")
    MESSAGE = "case.message", _("A message to or from the reporter")
    DECIDED = "case.decided", _("A decision was recorded")
    APPEAL = "appeal.filed", _("An appeal was filed")


class TeamWebhook(models.Model):
    """Where a team wants its case events: a signed JSON POST per event, through the outbox.

    The signing secret is made by IRS, shown to the team's leads, and kept here (the
    database is private; the community configuration is public and holds no secrets)."""

    team = models.ForeignKey("desk.Team", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=64)
    events = models.JSONField(default=list)
    # Off by default: case.message carries no text unless the team opts in.
    include_message_text = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.team_id} -> {self.url}"

    def wants(self, event: str) -> bool:
        return event in (self.events or [])
