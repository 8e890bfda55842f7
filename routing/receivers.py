"""Routing's answers to the reports app's signals (reports/signals.py)."""

from django.dispatch import receiver

from reports.signals import report_stored
from routing import outbox


@receiver(report_stored, dispatch_uid="routing.record_deliveries")
def record_deliveries(sender, report, **kwargs):
    """Inside the report's transaction: its deliveries, and for a filed report the capture of
    its evidence (fetched from the wiki once this commits)."""
    deliveries = outbox.record_deliveries(report)
    if report.filed:
        outbox.schedule_evidence(report)
    return deliveries
