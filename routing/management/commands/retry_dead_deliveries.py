from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from routing.delivery import retry_dead
from routing.models import Delivery


class Command(BaseCommand):
    help = "Give dead deliveries a fresh set of attempts and queue them (all, or --id N)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--id",
            type=int,
            action="append",
            dest="ids",
            default=[],
            help="Only this delivery (may be repeated).",
        )

    def handle(self, *args, ids, **options):
        deliveries = Delivery.objects.dead().select_related("report")
        if ids:
            deliveries = deliveries.filter(pk__in=ids)
            missing = set(ids) - set(deliveries.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"not dead or not found: {sorted(missing)}")
        retried = 0
        for item in deliveries:
            with transaction.atomic():
                retried += retry_dead(item)
        self.stdout.write(f"retried={retried}")
