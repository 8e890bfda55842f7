import time

from django.core.management.base import BaseCommand, CommandError

from metrics.rollup import rollup
from metrics.totals import rollup_cases


class Command(BaseCommand):
    help = (
        "Count the funnel events and the cases of each finished day into daily totals (and "
        "recount the days that changed cases touch), delete raw funnel events older than "
        "IRS_FUNNEL_RETENTION_DAYS (90). Run it daily from cron, or with --every."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every SECONDS")
        parser.add_argument(
            "--retention-days", type=int, default=None, help="override IRS_FUNNEL_RETENTION_DAYS"
        )

        parser.add_argument(
            "--full", action="store_true", help="recount every case, not only the changed ones"
        )

    def handle(self, *args, every=0, retention_days=None, full=False, **options):
        if retention_days is not None and retention_days < 1:
            raise CommandError("--retention-days must be at least 1")
        while True:
            done = rollup(retention_days=retention_days)
            self.stdout.write(
                f"{done['days']} day(s) counted, {done['deleted']} raw event(s) deleted"
            )
            cases = rollup_cases(full=full)
            recounted = "every day" if cases["days"] is None else f"{cases['days']} day(s)"
            self.stdout.write(f"cases: {cases['cases']} looked at, {recounted} recounted")
            full = False
            if every <= 0:
                return
            time.sleep(every)
