from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext_lazy as _

from desk import search


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Case desk")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from desk.channel import safety_team_name
        from reports import recipients
        from routing import registry

        # A SQLite table rebuild drops the search triggers: put them back after every migrate.
        post_migrate.connect(_ensure_search_index, sender=self)

        # The desk's own delivery channel: a report becomes a case in a queue.
        registry.register("desk", "desk.channel.DeskChannel")
        # The emergency confirmation names the team that receives every emergency.
        recipients.register_emergency_team(safety_team_name)


def _ensure_search_index(using="default", **kwargs) -> None:
    connection = connections[using]
    recorder = MigrationRecorder(connection)
    if (
        recorder.has_table()
        and recorder.migration_qs.filter(app="desk", name="0013_report_search").exists()
    ):
        search.ensure_index(connection)
