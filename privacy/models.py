"""What privacy/ keeps: tombstones of pseudonymised reports, legal holds, purge runs and
erasure requests. The personal data itself stays in reports/desk/routing rows; these say
what was done to it, when and why (docs/privacy.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TombstoneReason(models.TextChoices):
    RETENTION = "retention", _("The retention period ended")
    ERASURE = "erasure", _("The reporter asked for their data to be erased")


class PurgeRun(models.Model):
    """One run of the retention purge (manage.py privacy_purge): what it did. A dry run
    writes nothing, not even this row."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    scanned = models.PositiveIntegerField(default=0)
    pseudonymised = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"purge {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"


class Tombstone(models.Model):
    """A report whose personal data was replaced: when and why. Its presence is what makes
    the purge idempotent (a report is pseudonymised once)."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="tombstone"
    )
    reason = models.CharField(max_length=16, choices=TombstoneReason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    run = models.ForeignKey(
        PurgeRun, null=True, blank=True, on_delete=models.PROTECT, related_name="tombstones"
    )

    def __str__(self) -> str:
        return f"tombstone of {self.report_id} ({self.reason})"


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A case that must be kept whole (a court order, a police request): the purge and
    erasure requests skip it while the hold is in force. Set and lifted by a team lead."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_legal_hold_per_report",
            )
        ]

    def __str__(self) -> str:
        return f"legal hold on {self.report_id}"


class ErasureStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DONE = "done", _("Carried out")


class ErasureRequest(models.Model):
    """A person asking for their data to be erased (GDPR art. 17). Undecided reports are
    withdrawn when it is made; an operator carries it out within the deadline; what must be
    kept (an open appeal window, a legal hold) is listed in `kept` and the person told."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.RECEIVED
    )
    # References of the reports withdrawn when the request was made.
    withdrawn = models.JSONField(default=list, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pseudonymised = models.PositiveIntegerField(default=0)
    # [{"reference", "why", "until"}] as the person was told.
    kept = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["deadline_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="received"),
                name="one_open_erasure_request_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk} of {self.person_id}"


class KeepReason(models.TextChoices):
    APPEAL_WINDOW = "appeal-window", _("The decision can still be contested")
    OPEN_APPEAL = "open-appeal", _("An appeal is waiting for a decision")
    LEGAL_HOLD = "legal-hold", _("The case is under legal hold")


class ErasureKeep(models.Model):
    """A report an erasure request had to keep for now; the daily purge pseudonymises it
    (reason: erasure) once nothing keeps it any more, and sets `released_at`."""

    request = models.ForeignKey(ErasureRequest, on_delete=models.PROTECT, related_name="keeps")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="+")
    why = models.CharField(max_length=16, choices=KeepReason.choices)
    until = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["released_at", "until"], name="erasure_keep_due_idx")]

    def __str__(self) -> str:
        return f"keep {self.report_id} for request {self.request_id}"
