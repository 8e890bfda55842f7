from django.core.management.base import BaseCommand

from irs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (or bring back) the demo wiki, its teams and the demo accounts. Idempotent."

    def handle(self, *args, **options):
        wiki = seed_demo()
        self.stdout.write(f"Demo wiki: {wiki.slug}. Accounts (password {DEMO_PASSWORD!r}):")
        for username, description, _facts in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {description}")
