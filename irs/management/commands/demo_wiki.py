import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from irs import demo_wiki
from irs.demo import DEMO_PASSWORD, seed_demo
from irs.mediawiki import MediaWiki


class Command(BaseCommand):
    help = (
        "Install (once) and seed the demo's MediaWiki under var/mediawiki, write the bot "
        "credential's environment to var/mediawiki/demo.env and point the IRS demo wiki at it "
        "(seed_demo). Idempotent. With --serve, run the wiki's PHP server in the foreground."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help="where the wiki is served on 127.0.0.1 (default: PORT + 1, i.e. 8001)",
        )
        parser.add_argument(
            "--serve",
            action="store_true",
            help="only serve the wiki seeded before: become PHP's built-in server (bin/demo)",
        )

    def handle(self, *args, port=None, serve=False, **options):
        port = port or int(os.environ.get("PORT", "8000")) + 1
        if not 0 < port < 65536:
            raise CommandError(f"--port must be a port number (1-65535), got {port}")
        if not settings.IRS_ROUTING_ALLOW_INSECURE_URLS:
            raise CommandError(
                "the demo's MediaWiki is plain http on 127.0.0.1: set "
                "IRS_ROUTING_ALLOW_INSECURE_URLS=1 for it (bin/demo does; never in production)"
            )
        root = settings.VAR_DIR / "mediawiki"
        if serve:
            wiki = MediaWiki(root=root, port=port)
            if not wiki.installed:
                raise CommandError("the demo's MediaWiki is not installed yet: run demo_wiki")
            wiki.move_to_port(port)
            argv, env, cwd = wiki.server_command()
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)  # noqa: S606 -- php, from PATH, as irs/mediawiki.py
        try:
            prepared = demo_wiki.prepare(root, port, settings.SITE_URL)
        except (RuntimeError, OSError) as problem:
            first_line = str(problem).strip().splitlines()[0] if str(problem).strip() else ""
            raise CommandError(f"the demo's MediaWiki cannot run: {first_line}") from problem
        os.environ.update(prepared.environment)
        wiki = seed_demo(mediawiki_url=prepared.wiki.url)
        self.stdout.write(
            f"Demo MediaWiki for {wiki.slug}: {prepared.wiki.url}/ (the demo accounts log in "
            f"with {DEMO_PASSWORD!r}); talk page: {prepared.talk_page_url}"
        )
