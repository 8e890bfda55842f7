import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from desk import names
from irs import language
from reports.models import CLOSED_STATUSES


class Team(models.Model):
    """A group of responders: the global safety team, or a wiki community's responders."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    wiki = models.ForeignKey(
        "wikis.Wiki", null=True, blank=True, on_delete=models.CASCADE, related_name="teams"
    )
    is_safety = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    # The language of the emails its members get (a code in settings.LANGUAGES); empty: the
    # wiki's content language, English for a team without a wiki. Its leads set it.
    language = models.CharField(max_length=16, blank=True, default="")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name people read, translated when IRS gave it (desk/names.py)."""
        return names.team_label(self)

    @property
    def email_language(self) -> str:
        """The language responders' emails from this team are written in."""
        wiki_language = self.wiki.content_language if self.wiki_id else None
        return (
            language.resolve(self.language)
            or language.resolve(wiki_language)
            or settings.LANGUAGE_CODE
        )


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

    @property
    def label(self) -> str:
        """The name people read, translated when IRS gave it (desk/names.py)."""
        return names.queue_label(self)


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
    DECISION = "decision", _("Decision recorded")
    APPEAL = "appeal", _("Decision contested")
    OVERDUE = "overdue", _("Response time exceeded")
    ACCESS_RESTRICTED = "access-restricted", _("A former team's read access restricted")


# What the reporter sees of a case's timeline: never internal notes or desk-side events.
REPORTER_VISIBLE = (EventKind.MESSAGE, EventKind.REPLY, EventKind.STATUS, EventKind.DECISION)


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
            # When a case was closed (its latest move to a closed status): the metrics'
            # backlog looks it up for every case closed since a period began.
            models.Index(
                fields=["report", "-created_at", "-id"],
                condition=models.Q(kind=EventKind.STATUS, data__status__in=CLOSED_STATUSES),
                name="metrics_case_closed_idx",
            ),
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
    DECISION = "decision", _("Recorded a decision")
    APPEAL = "appeal", _("Contested a decision")
    MISUSE_WARNING = "misuse-warning", _("Warned a reporter about unfounded reports")
    SUSPENSION = "suspension", _("Suspended a reporter")
    SUSPENSION_LIFT = "suspension-lift", _("Lifted a reporter's suspension")
    REPLY = "reply", _("The reporter replied")
    MEMBER_ADD = "member-add", _("Added a team member")
    MEMBER_REMOVE = "member-remove", _("Removed a team member")
    MEMBER_LEAD = "member-lead", _("Changed a member's lead role")
    TEAM_LANGUAGE = "team-language", _("Changed the language of the team's emails")
    TOKEN_CREATE = "token-create", _("Created an API token")
    TOKEN_REVOKE = "token-revoke", _("Revoked an API token")
    WEBHOOK_ADD = "webhook-add", _("Added a case-event webhook")
    WEBHOOK_REMOVE = "webhook-remove", _("Removed a case-event webhook")
    # privacy/: retention, legal holds, a person's own data, who saw what.
    PSEUDONYMISE = "pseudonymise", _("Pseudonymised the case's personal data")
    LEGAL_HOLD = "legal-hold", _("Placed the case under legal hold")
    LEGAL_HOLD_LIFT = "legal-hold-lift", _("Lifted the case's legal hold")
    DATA_EXPORT = "data-export", _("Downloaded their own data")
    ERASURE_REQUEST = "erasure-request", _("Asked to erase their data")
    WITHDRAW = "withdraw", _("Withdrew the report")
    ERASURE_DONE = "erasure-done", _("Carried out an erasure request")
    ACCESS_REPORT = "access-report", _("Looked at who saw which cases")
    USER_HISTORY = "user-history", _("Looked at a reported user's history")
    RESTRICT_ACCESS = "restrict-access", _("Restricted a former team's read access")


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


class FormerTeamAccess(models.Model):
    """A team that escalated a case away keeps read access to it (desk.access): it sees where
    the case went and what became of it, and can no longer work on it. Written in the
    escalation's transaction (desk.cases.escalate); the team holding the case may restrict
    it (desk.cases.restrict_former_access), which ends that team's access for good."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="former_teams"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    # The queue the case left: the escalating team finds it under that queue.
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+")
    to_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(default=timezone.now)
    restricted_at = models.DateTimeField(null=True, blank=True)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The team that restricted it (the one holding the case at that moment).
    restricted_by_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "team"], name="one_former_access_per_team"),
        ]
        indexes = [
            # The queue's "escalated away" page: newest first, one index range per page.
            models.Index(fields=["queue", "escalated_at", "id"], name="former_access_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} reads {self.report_id}"

    @property
    def restricted(self) -> bool:
        return self.restricted_at is not None


# --- decisions and appeals -------------------------------------------------------------------


class WellFounded(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    UNFOUNDED = "unfounded", _("Unfounded")
    MANIFESTLY_UNFOUNDED = "manifestly-unfounded", _("Manifestly unfounded")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", pgettext_lazy("appeal result", "Upheld")
    CHANGED = "changed", pgettext_lazy("appeal result", "Changed")


def _public_id() -> str:
    return secrets.token_urlsafe(18)


class Decision(models.Model):
    """How a case was closed: the actions, the ground, the facts, who decided and when.

    A case may have several (a first decision, then one after each appeal); the latest one
    is in force and `Report.outcome` is derived from it (desk.decisions.record). Never edited.
    Actions and grounds are keys of the wiki's configuration (wikis.accountability).
    """

    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="decisions")
    actions = models.JSONField(default=list)
    ground = models.CharField(max_length=64, blank=True)
    facts = models.TextField(blank=True)
    # What the reporter reads: written for them, never the internal facts or notes.
    reporter_text = models.TextField(blank=True)
    well_founded = models.CharField(max_length=32, choices=WellFounded.choices, blank=True)
    well_founded_reason = models.TextField(blank=True)
    # Reached with automated means: never today, but recorded (DSA art. 17(3)(c)).
    automated = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The appeal this decision answers, and how.
    answers = models.ForeignKey(
        "Appeal", null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    appeal_result = models.CharField(max_length=16, choices=AppealResult.choices, blank=True)
    # The three-valued summary the desk showed before decisions existed (derived from actions).
    outcome = models.CharField(max_length=16, blank=True)
    # Whether the reported user was sent a statement of reasons (and may contest it).
    reported_user_notified = models.BooleanField(default=False)
    # A row made from an outcome recorded before decisions existed (migration 0007).
    migrated = models.BooleanField(default=False)
    # The id in links sent to the reported user (never the report's reference).
    public_id = models.CharField(max_length=32, unique=True, default=_public_id)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["report", "created_at"], name="decision_report_idx"),
            # The decisions of a period with what the metrics and the transparency report
            # count them by (metrics/counts.py, transparency/report.py), read from the index.
            models.Index(
                fields=[
                    "created_at",
                    "report",
                    "outcome",
                    "ground",
                    "appeal_result",
                    "answers",
                    "actions",
                    "id",
                ],
                name="metrics_decision_period_idx",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"decision {self.pk} of {self.report_id}"


class AppealRole(models.TextChoices):
    REPORTER = "reporter", _("The reporter")
    REPORTED_USER = "reported-user", _("The reported user")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    DECIDED = "decided", _("Decided")


class Appeal(models.Model):
    """A person contesting a decision (an internal complaint). One per decision per person."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="appeals")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    role = models.CharField(max_length=16, choices=AppealRole.choices)
    text = models.TextField()
    status = models.CharField(
        max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "appellant"], name="one_appeal_per_decision_and_person"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_open_idx")]

    def __str__(self) -> str:
        return f"appeal {self.pk} of decision {self.decision_id}"


class CaseRead(models.Model):
    """When a person last saw a case: the responder its case page, the reporter their report's
    page. Unread markers compare it with the newest reply or message (desk/unread.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_case_read_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.report_id} at {self.seen_at:%Y-%m-%d %H:%M}"
