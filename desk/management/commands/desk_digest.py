from django.core.management.base import BaseCommand
from django.utils import timezone

from desk import notify


class Command(BaseCommand):
    help = (
        "Send each responder who chose a daily digest one email listing the cases that "
        "arrived in their teams' queues since their previous digest. Run it once a day."
    )

    def handle(self, *args, **options):
        queued = notify.send_digests(timezone.now())
        self.stdout.write(f"{queued} digest email(s) queued")
