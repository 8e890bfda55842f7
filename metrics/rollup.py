"""Raw funnel events become daily counts, then go: `rollup(now)` (manage.py funnel_rollup).

Events are stored at the hour they happen, so a UTC day that has ended never gains events:
each run counts the days since the last one it counted (that last day again, for an event
committed just after midnight) and deletes raw events older than the retention period
(IRS_FUNNEL_RETENTION_DAYS, 90 by default). Days before it exist only as their counts.
Running it twice, or late, changes nothing: a day's counts are replaced, never added to.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from metrics.models import FunnelDaily, FunnelEvent

DIMENSIONS = ("wiki_id", "name", "entry_point", "step", "flow", "incident_type", "link", "language")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def rolled_through() -> date | None:
    """The last day whose counts are in FunnelDaily (later days are read from raw events)."""
    return FunnelDaily.objects.aggregate(last=Max("day"))["last"]


def daily_rows(start: datetime, end: datetime, events=None):
    """Raw events in [start, end) grouped by day and dimensions: dicts with events, dialogs."""
    from django.db.models.functions import TruncDate

    events = FunnelEvent.objects.all() if events is None else events
    return (
        events.filter(hour__gte=start, hour__lt=end)
        .annotate(day=TruncDate("hour", tzinfo=UTC))
        .values("day", *DIMENSIONS)
        .annotate(events=Count("id"), dialogs=Count("token", distinct=True))
        .order_by()
    )


def rollup(now=None, retention_days: int | None = None) -> dict:
    """{"days": days counted, "deleted": raw events deleted}."""
    now = now or timezone.now()
    retention = retention_days or settings.IRS_FUNNEL_RETENTION_DAYS
    today = now.astimezone(UTC).date()
    last = rolled_through()
    first_raw = FunnelEvent.objects.aggregate(first=Min("hour"))["first"]
    first = last if last is not None else (first_raw.astimezone(UTC).date() if first_raw else None)
    counted = 0
    day = first
    while day is not None and day < today:
        start, end = day_start(day), day_start(day + timedelta(days=1))
        # A day without raw events keeps its counts (its events may be past retention).
        if FunnelEvent.objects.filter(hour__gte=start, hour__lt=end).exists():
            with transaction.atomic():
                FunnelDaily.objects.filter(day=day).delete()
                FunnelDaily.objects.bulk_create(
                    [FunnelDaily(**row) for row in daily_rows(start, end)], batch_size=1000
                )
            counted += 1
        day += timedelta(days=1)
    cutoff = day_start(today - timedelta(days=retention))
    deleted, _ = FunnelEvent.objects.filter(hour__lt=cutoff).delete()
    return {"days": counted, "deleted": deleted}
