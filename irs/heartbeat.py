"""Workers' heartbeats: each delivery worker records that it still runs its loop, and the
health endpoint (irs/views.py) asks whether any did recently. No personal data."""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from irs.models import WorkerHeartbeat

# Rows of workers gone for this long are removed by the next beat of any worker.
FORGET_AFTER = timedelta(days=1)


def beat(worker_id: str, now=None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "beat_at": now},
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def liveness(now=None) -> dict:
    """How many workers beat within IRS_HEALTH_HEARTBEAT_SECONDS, and the age of the last beat."""
    now = now or timezone.now()
    window = timedelta(seconds=settings.IRS_HEALTH_HEARTBEAT_SECONDS)
    last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    return {
        "live": WorkerHeartbeat.objects.filter(beat_at__gte=now - window).count(),
        "last_heartbeat_seconds": int((now - last).total_seconds()) if last else None,
    }
