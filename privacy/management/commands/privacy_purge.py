import time

from django.core.management.base import BaseCommand, CommandError

from privacy import purge


class Command(BaseCommand):
    help = (
        "Pseudonymise reporters' personal data whose retention period has ended (each wiki's "
        "policy; cases under legal hold are skipped). Run it daily, from cron or with "
        "--every 86400 next to the workers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Reports per batch (default 1000)."
        )
        parser.add_argument("--every", type=int, default=0, help="Repeat every SECONDS.")

    def handle(self, *args, dry_run, batch_size, every, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        listing = 50 if dry_run and options["verbosity"] >= 2 else 0
        while True:
            summary = purge.run(dry_run=dry_run, batch_size=batch_size, keep_references=listing)
            verb = "would pseudonymise" if dry_run else "pseudonymised"
            done = summary.expired if dry_run else summary.pseudonymised
            self.stdout.write(
                f"scanned={summary.scanned} {verb}={done} held={summary.held}"
                + (f" run={summary.run.pk}" if summary.run else "")
            )
            for slug, count in sorted(summary.by_wiki.items()):
                self.stdout.write(f"  {slug}: {count}")
            for reference in summary.references:
                self.stdout.write(f"  {reference}")
            if every <= 0:
                return
            time.sleep(every)
