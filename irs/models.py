from django.db import models


class WorkerHeartbeat(models.Model):
    """The last sign of life of one delivery worker (manage.py worker), for /healthz/full."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id} on {self.host} (pid {self.pid})"
