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


class CaseFact(models.Model):
    """What one report adds to the daily totals, as the last case rollup saw it
    (metrics.totals): the days it counts on and what it counts as. Kept so that the next
    rollup knows the days a changed case counted on before (a reopened case's old closing
    day, a case's decision superseded since) and recounts them."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey("desk.Queue", on_delete=models.SET_NULL, null=True, related_name="+")
    filed = models.BooleanField()
    flow = models.CharField(max_length=16, blank=True)
    incident_type = models.CharField(max_length=64, blank=True)
    harm_subtype = models.CharField(max_length=64, blank=True)
    trusted_flagger = models.BooleanField(default=False)
    # The day it was filed (None: support only, not filed).
    filed_day = models.DateField(null=True)
    # The backlog: the day it opened (a filed case in a queue, open or closed now), the day
    # it was closed (closed now: its latest closing event, else its last change).
    opened_day = models.DateField(null=True)
    closed_day = models.DateField(null=True)
    # The decision in force (its latest): its day, outcome and actions.
    decision_day = models.DateField(null=True)
    outcome = models.CharField(max_length=24, blank=True)
    actions = models.JSONField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["filed_day"], name="metrics_fact_filed_idx"),
            models.Index(fields=["opened_day"], name="metrics_fact_opened_idx"),
            models.Index(fields=["closed_day"], name="metrics_fact_closed_idx"),
            models.Index(fields=["decision_day"], name="metrics_fact_decision_idx"),
        ]

    def __str__(self) -> str:
        return f"report {self.report_id}"


class FiledDaily(models.Model):
    """Reports filed on one day, per queue (or none), flow and type; from trusted flaggers."""

    day = models.DateField()
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey("desk.Queue", on_delete=models.CASCADE, null=True, related_name="+")
    flow = models.CharField(max_length=16, blank=True)
    incident_type = models.CharField(max_length=64, blank=True)
    harm_subtype = models.CharField(max_length=64, blank=True)
    reports = models.PositiveIntegerField()
    trusted = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "wiki", "queue"], name="metrics_filed_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.reports} {self.flow} {self.incident_type}"


class BacklogDaily(models.Model):
    """Cases of one queue (or none) of a wiki that opened and that were closed on one day."""

    day = models.DateField()
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey("desk.Queue", on_delete=models.CASCADE, null=True, related_name="+")
    opened = models.PositiveIntegerField()
    closed = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "wiki", "queue"], name="metrics_backlog_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.opened} opened, {self.closed} closed"


class OutcomeDaily(models.Model):
    """Decisions in force made on one day, per queue, outcome, actions and type."""

    day = models.DateField()
    wiki = models.ForeignKey("wikis.Wiki", on_delete=models.CASCADE, related_name="+")
    queue = models.ForeignKey("desk.Queue", on_delete=models.CASCADE, null=True, related_name="+")
    outcome = models.CharField(max_length=24, blank=True)
    actions = models.JSONField(null=True)
    flow = models.CharField(max_length=16, blank=True)
    incident_type = models.CharField(max_length=64, blank=True)
    harm_subtype = models.CharField(max_length=64, blank=True)
    cases = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "wiki", "queue"], name="metrics_outcome_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.cases} {self.outcome}"


class CaseRollup(models.Model):
    """The one row saying how far the case totals go: every day up to `rolled_through` is
    in the daily tables; `started_at` is when the run that counted them began (changes from
    then on are looked at by the next run)."""

    rolled_through = models.DateField()
    started_at = models.DateTimeField()
    # The newest report, decision and case event it had seen: newer ones are changes.
    last_report_id = models.BigIntegerField(default=0)
    last_decision_id = models.BigIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"cases counted through {self.rolled_through}"
