"""manage.py worker: django_tasks_db's db_worker (same options) that also records a heartbeat
(irs/heartbeat.py) from its loop, at most every BEAT_SECONDS, so that the health endpoint
can tell a running worker from none. bin/serve runs these."""

import time

from django_tasks_db.management.commands import db_worker

from irs import heartbeat

BEAT_SECONDS = 10.0


class BeatingWorker(db_worker.Worker):
    """The loop reads `self.running` at the start of every turn: that read beats."""

    _running = True
    _last_beat = 0.0
    _in_signal = False

    @property  # type: ignore[override]
    def running(self) -> bool:
        if self._running and not self._in_signal:
            now = time.monotonic()
            if now - self._last_beat >= BEAT_SECONDS:
                heartbeat.beat(self.worker_id)
                self._last_beat = now
        return self._running

    @running.setter
    def running(self, value: bool) -> None:
        self._running = value

    def shutdown(self, signum, frame) -> None:
        self._in_signal = True  # no database write inside a signal handler
        try:
            super().shutdown(signum, frame)
        finally:
            self._in_signal = False


class Command(db_worker.Command):
    help = "Run database-backed tasks (db_worker) and record this worker's heartbeat."

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = BeatingWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
