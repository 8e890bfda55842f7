import time

from django.core.management.base import BaseCommand, CommandError

from metrics.rollup import rollup


class Command(BaseCommand):
    help = (
        "Count the funnel events of each finished day into daily totals and delete raw events "
        "older than IRS_FUNNEL_RETENTION_DAYS (90). Run it daily from cron, or with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every SECONDS")
        parser.add_argument(
            "--retention-days", type=int, default=None, help="override IRS_FUNNEL_RETENTION_DAYS"
        )

    def handle(self, *args, every=0, retention_days=None, **options):
        if retention_days is not None and retention_days < 1:
            raise CommandError("--retention-days must be at least 1")
        while True:
            done = rollup(retention_days=retention_days)
            self.stdout.write(
                f"{done['days']} day(s) counted, {done['deleted']} raw event(s) deleted"
            )
            if every <= 0:
                return
            time.sleep(every)
