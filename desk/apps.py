from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Case desk")

    def ready(self) -> None:
        from desk.channel import safety_team_name
        from reports import recipients
        from routing import registry

        # The desk's own delivery channel: a report becomes a case in a queue.
        registry.register("desk", "desk.channel.DeskChannel")
        # The emergency confirmation names the team that receives every emergency.
        recipients.register_emergency_team(safety_team_name)
