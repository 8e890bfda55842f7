"""Export, validate and import a wiki's configuration, so it can also be kept in git.

    manage.py wikiconfig export <wiki> [file]
    manage.py wikiconfig validate <wiki> <file>
    manage.py wikiconfig import <wiki> <file> --summary "..." [--create] [--no-title-check]
    manage.py wikiconfig admins <wiki> [--add USER] [--remove USER]

A file of "-" is standard input / output. Import validates first and saves nothing when the
file is invalid; it writes a new revision (and an audit entry) like a save in the editor.
Fields the file leaves out take their default values (wikis/defaults.py).
"""

import getpass
import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.db import transaction

from wikis.models import ConfigAuditEntry, Wiki, WikiAdmin
from wikis.revisions import ConfigInvalid, NoChange, pretty, save_config, with_defaults
from wikis.validation import validate_config


class Command(BaseCommand):
    help = "Export, validate or import a wiki's community configuration (JSON)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the configuration in force as JSON")
        export.add_argument("wiki")
        export.add_argument("file", nargs="?", default="-")
        validate = sub.add_parser("validate", help="check a file; exit 1 when it is invalid")
        validate.add_argument("wiki")
        validate.add_argument("file")
        validate.add_argument(
            "--no-title-check",
            action="store_true",
            help="do not ask the wiki's API whether pages exist",
        )
        load = sub.add_parser("import", help="validate a file and save it as a new revision")
        load.add_argument("wiki")
        load.add_argument("file")
        load.add_argument("--summary", default="", help="edit summary for the new revision")
        load.add_argument("--create", action="store_true", help="create the wiki if missing")
        load.add_argument(
            "--no-title-check",
            action="store_true",
            help="do not ask the wiki's API whether pages exist",
        )

        admins = sub.add_parser("admins", help="list, add or remove the wiki's config admins")
        admins.add_argument("wiki")
        admins.add_argument("--add", action="append", default=[], metavar="USER")
        admins.add_argument("--remove", action="append", default=[], metavar="USER")

    def handle(self, *args, **options):
        return getattr(self, f"do_{options['action']}")(options)

    # ------------------------------------------------------------------ helpers

    def _wiki(self, slug: str, *, create: bool = False) -> Wiki | None:
        wiki = Wiki.objects.filter(slug=slug).first()
        if wiki is None and not create:
            raise CommandError(f"No wiki {slug!r}. Use import --create to create it.")
        return wiki

    def _read(self, path: str):
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from exc

    def _report(self, result) -> None:
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning.pointer or '/'}: {warning.message}")
        for error in result.errors:
            self.stderr.write(f"error: {error.pointer or '/'}: {error.message}")

    # ------------------------------------------------------------------ actions

    def do_export(self, options):
        wiki = self._wiki(options["wiki"])
        text = pretty(wiki.config)
        if options["file"] == "-":
            self.stdout.write(text, ending="")
        else:
            with open(options["file"], "w", encoding="utf-8") as handle:
                handle.write(text)
            revision = wiki.current_revision
            self.stdout.write(
                f"Exported {wiki.slug} ({revision.label if revision else 'defaults'}) "
                f"to {options['file']}"
            )

    def do_validate(self, options):
        self._wiki(options["wiki"])
        data = with_defaults(self._read(options["file"]), options["wiki"])
        result = validate_config(
            data, wiki=options["wiki"], check_titles=not options["no_title_check"]
        )
        self._report(result)
        if not result.ok:
            raise CommandError(f"{options['file']}: {len(result.errors)} error(s); not valid.")
        self.stdout.write(f"{options['file']}: valid.")

    def do_admins(self, options):
        wiki = self._wiki(options["wiki"])
        for username in options["add"]:
            WikiAdmin.objects.get_or_create(wiki=wiki, user=_user(username))
        for username in options["remove"]:
            WikiAdmin.objects.filter(wiki=wiki, user=_user(username)).delete()
        names = wiki.admins.select_related("user").order_by("user__username")
        for admin in names:
            self.stdout.write(admin.user.get_username())

    def do_import(self, options):
        slug = options["wiki"]
        wiki = self._wiki(slug, create=options["create"])
        data = with_defaults(self._read(options["file"]), slug)
        check = not options["no_title_check"]
        result = validate_config(data, wiki=slug, check_titles=check)
        self._report(result)
        if not result.ok:
            raise CommandError(f"{options['file']}: {len(result.errors)} error(s); nothing saved.")
        created = wiki is None
        if created:
            try:
                validate_slug(slug)
            except ValidationError as exc:
                raise CommandError(f"{slug!r} is not a valid wiki name.") from exc
            if len(slug) > Wiki._meta.get_field("slug").max_length:
                raise CommandError(f"{slug!r} is too long for a wiki name.")
        action = ConfigAuditEntry.Action.CREATE if created else ConfigAuditEntry.Action.IMPORT
        try:
            with transaction.atomic():
                if created:
                    wiki = Wiki.objects.create(slug=slug)
                revision, _result = save_config(
                    wiki,
                    data,
                    actor_name=f"cli:{_os_user()}",
                    summary=options["summary"] or f"Imported from {options['file']}",
                    action=action,
                    check_titles=False,  # just checked above
                )
        except NoChange:
            self.stdout.write(f"{slug}: no change; nothing saved.")
            return
        except ConfigInvalid as exc:  # pragma: no cover - validated above
            self._report(exc.result)
            raise CommandError("Invalid configuration; nothing saved.") from exc
        self.stdout.write(f"{slug}: saved as revision {revision.label}.")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return "unknown"


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user {username!r}.")
    return user
