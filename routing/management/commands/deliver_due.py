import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from routing.delivery import sweep


class Command(BaseCommand):
    help = (
        "Queue deliveries nobody is working on: lapsed leases (a worker died mid-send) and "
        "due deliveries whose task was lost. Run it from cron every minute or so."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=120.0,
            help="Seconds a due delivery may wait for its queued task before it is queued "
            "again (default 120).",
        )
        parser.add_argument(
            "--send",
            action="store_true",
            help="Send them in this process instead of queueing them for db_worker.",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0.0,
            help="Keep running, sweeping every this many seconds (for a process supervisor "
            "instead of cron).",
        )

    def handle(self, *args, grace, send, every, **options):
        while True:
            counts = sweep(grace=timedelta(seconds=grace), send=send)
            self.stdout.write(" ".join(f"{key}={value}" for key, value in counts.items()))
            if every <= 0:
                return
            time.sleep(every)
