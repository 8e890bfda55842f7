from django.core.management.base import BaseCommand

from irs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (or bring back) the demo wiki, its teams and the demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mediawiki",
            default="",
            metavar="URL",
            help="the demo's MediaWiki runs there: point the demo wiki at it (demo_wiki does)",
        )

    def handle(self, *args, mediawiki="", **options):
        wiki = seed_demo(mediawiki_url=mediawiki)
        self.stdout.write(f"Demo wiki: {wiki.slug}. Accounts (password {DEMO_PASSWORD!r}):")
        for username, description, _facts in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {description}")
