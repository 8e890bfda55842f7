import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from desk import clocks


class Command(BaseCommand):
    help = (
        "Find cases past their response-time target and tell their teams' leads (once per "
        "case and clock). Run it every few minutes from cron, or with --every SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every SECONDS")

    def handle(self, *args, every=0, **options):
        while True:
            found = clocks.notify_overdue(timezone.now())
            self.stdout.write(f"{found} overdue case(s) notified")
            if every <= 0:
                return
            time.sleep(every)
