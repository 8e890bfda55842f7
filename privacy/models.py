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
