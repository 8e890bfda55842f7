from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing and delivery")

    def ready(self) -> None:
        from routing import (
            checks,  # noqa: F401  (registers the system checks)
            receivers,  # noqa: F401  (records deliveries for stored reports)
            registry,
        )
        from wikis import contributions

        contributions.register_destination_problems(registry.destination_problems)
