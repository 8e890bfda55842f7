from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A group of responders: the global safety team, or a wiki community's responders."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    wiki = models.ForeignKey(
        "wikis.Wiki", null=True, blank=True, on_delete=models.CASCADE, related_name="teams"
    )
    is_safety = models.BooleanField(default=False)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name


class Digest(models.TextChoices):
    IMMEDIATE = "immediate", _("An email for every new case")
    DAILY = "daily", _("One daily digest email")


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_lead = models.BooleanField(default=False)
    # How this member hears about new cases in the team's queues (escalations: always at once).
    digest = models.CharField(max_length=16, choices=Digest.choices, default=Digest.IMMEDIATE)
    # New cases after this moment go into the member's next daily digest.
    digest_sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class Queue(models.Model):
    """Where a team's cases wait. A report routed to the desk sits in exactly one queue."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="queues")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="unique_queue_slug_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.team.slug}/{self.slug}"


class EventKind(models.TextChoices):
    ARRIVED = "arrived", _("Arrived in the queue")
    VIEWED = "viewed", _("Viewed")
    CLAIMED = "claimed", _("Claimed")
    ASSIGNED = "assigned", _("Assigned")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Internal note")
    MESSAGE = "message", _("Message to the reporter")
    REPLY = "reply", _("Reply from the reporter")
    MERGED = "merged", _("Merged as a duplicate")
    DUPLICATE_ADDED = "duplicate-added", _("Duplicate merged into this case")
    ESCALATED = "escalated", _("Escalated")
    OUTCOME = "outcome", _("Outcome recorded")


# What the reporter sees of a case's timeline: never internal notes or desk-side events.
REPORTER_VISIBLE = (EventKind.MESSAGE, EventKind.REPLY, EventKind.STATUS)


class CaseEvent(models.Model):
    """One entry of a case's timeline. Written by the desk's actions; never edited."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="case_events"
    )
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The team the event concerns (the queue's team on arrival, the new team on escalation).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_events"
    )
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["report", "created_at"], name="case_event_timeline_idx"),
            models.Index(fields=["team", "kind", "created_at"], name="case_event_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"

    @property
    def visible_to_reporter(self) -> bool:
        return self.kind in REPORTER_VISIBLE


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied("The audit log is append-only.")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed the case")
    CLAIM = "claim", _("Claimed the case")
    ASSIGN = "assign", _("Assigned the case")
    STATUS = "status", _("Changed the status")
    NOTE = "note", _("Wrote an internal note")
    MESSAGE = "message", _("Wrote to the reporter")
    MERGE = "merge", _("Merged a duplicate")
    ESCALATE = "escalate", _("Escalated the case")
    OUTCOME = "outcome", _("Recorded the outcome")
    REPLY = "reply", _("The reporter replied")
    MEMBER_ADD = "member-add", _("Added a team member")
    MEMBER_REMOVE = "member-remove", _("Removed a team member")
    MEMBER_LEAD = "member-lead", _("Changed a member's lead role")
    TOKEN_CREATE = "token-create", _("Created an API token")
    TOKEN_REVOKE = "token-revoke", _("Revoked an API token")
    WEBHOOK_ADD = "webhook-add", _("Added a case-event webhook")
    WEBHOOK_REMOVE = "webhook-remove", _("Removed a case-event webhook")


class AuditEntry(models.Model):
    """Who did what to which case, and when. Append-only: no update or delete path exists."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The team whose leads see this entry (the case's team at the time of the action).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_entries"
    )
    details = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "created_at"], name="audit_team_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")
