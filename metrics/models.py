"""The funnel's own tables: raw events (kept IRS_FUNNEL_RETENTION_DAYS) and daily counts.

Neither holds a user, an IP address or any text typed by anyone: only the wiki, the event,
the choices made in the dialog, the interface language, the hour and the dialog's random
funnel token (reports.funnel).
"""

from django.db import models

from reports.funnel import NAMES

NAME_CHOICES = [(name, name) for name in NAMES]


class FunnelEvent(models.Model):
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=24, choices=NAME_CHOICES)
    token = models.CharField(max_length=64)
    entry_point = models.CharField(max_length=16, blank=True)
    step = models.CharField(max_length=16, blank=True)
    flow = models.CharField(max_length=16, blank=True)
    incident_type = models.CharField(max_length=64, blank=True)
    link = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=16, blank=True)
    # Truncated to the hour when stored: the order of events within a dialog is not kept.
    hour = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["hour"], name="funnel_event_hour_idx"),
            models.Index(fields=["token", "name"], name="funnel_event_token_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.hour:%Y-%m-%d %H}h"


class FunnelDaily(models.Model):
    """Events of one UTC day with the same wiki and dimensions: how many, in how many dialogs."""

    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    name = models.CharField(max_length=24, choices=NAME_CHOICES)
    entry_point = models.CharField(max_length=16, blank=True)
    step = models.CharField(max_length=16, blank=True)
    flow = models.CharField(max_length=16, blank=True)
    incident_type = models.CharField(max_length=64, blank=True)
    link = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=16, blank=True)
    events = models.PositiveIntegerField()
    dialogs = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "wiki", "day", "name", "entry_point", "step", "flow", "incident_type",
                    "link", "language",
                ],
                name="funnel_daily_unique",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["day", "wiki"], name="funnel_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}: {self.events}"
