"""manage.py statements export --since YYYY-MM-DD --until YYYY-MM-DD [--wiki SLUG]
manage.py statements submit [--every SECONDS]

export writes the statements of reasons of the decisions made in the period (both dates included,
UTC) as JSON lines, one statement a line, each valid against transparency/schema/. A decision
whose statement the schema refuses is named on stderr (with why) and the command fails after
writing the others.

submit queues every statement not yet queued for the EU Transparency Database, in batches of
up to 100 (transparency/submit.py); the workers send them. Nothing happens unless
IRS_TRANSPARENCY_API_URL is set. With --every it keeps running (for a process supervisor).
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from transparency import periods, statements, submit
from wikis.models import Wiki


class Command(BaseCommand):
    help = "Statements of reasons in the EU Transparency Database format (JSON lines)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a period's statements as JSON lines.")
        export.add_argument("--since", required=True, help="First day (YYYY-MM-DD, UTC).")
        export.add_argument("--until", required=True, help="Last day, included (YYYY-MM-DD).")
        export.add_argument("--wiki", default="", help="Only this wiki's decisions (its slug).")
        queue = sub.add_parser(
            "submit", help="Queue the statements not yet sent to the Transparency Database."
        )
        queue.add_argument(
            "--every",
            type=float,
            default=0.0,
            help="Keep running, queueing every this many seconds.",
        )

    def handle(self, *args, action, **options):
        if action == "submit":
            return self.submit(options["every"])
        return self.export(options["since"], options["until"], options["wiki"])

    def submit(self, every: float) -> None:
        if not submit.enabled():
            self.stdout.write("IRS_TRANSPARENCY_API_URL is not set: nothing is submitted.")
            return
        while True:
            queued = submit.queue_pending()
            for decision, why in queued.refused:
                self.stderr.write(f"decision {decision}: {why}")
            self.stdout.write(
                f"batches={len(queued.batches)} statements={queued.statements} "
                f"refused={len(queued.refused)}"
            )
            if every <= 0:
                return
            time.sleep(every)

    def export(self, since, until, wiki) -> None:
        try:
            period = periods.parse(since=since, until=until)
        except periods.PeriodError as error:
            raise CommandError(str(error)) from error
        chosen = None
        if wiki:
            chosen = Wiki.objects.filter(slug=wiki).first()
            if chosen is None:
                raise CommandError(f"No wiki {wiki!r}.")
        refused = 0
        for decision, found in statements.for_period(period.start, period.end, chosen):
            if isinstance(found, statements.StatementError):
                refused += 1
                self.stderr.write(f"decision {decision.pk}: {found}")
                continue
            self.stdout.write(json.dumps(found, ensure_ascii=False, sort_keys=True))
        if refused:
            raise CommandError(f"{refused} statement(s) refused by the schema (see above).")
