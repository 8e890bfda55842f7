"""Routing's answers to the reports app's signals (reports/signals.py)."""

from django.dispatch import receiver

from reports.signals import before_confirmation, report_stored
from routing import outbox


@receiver(report_stored, dispatch_uid="routing.record_deliveries")
def record_deliveries(sender, report, **kwargs):
    """Inside the report's transaction: its deliveries, and for a filed report the capture of
    its evidence (fetched from the wiki once this commits)."""
    deliveries = outbox.record_deliveries(report, new=True)
    if report.filed:
        outbox.schedule_evidence(report)
    return deliveries


@receiver(before_confirmation, dispatch_uid="routing.place_locally")
def place_locally(sender, report, **kwargs):
    """The reporter is about to be told the report was sent: its desk case is in place."""
    outbox.place_locally(report)
