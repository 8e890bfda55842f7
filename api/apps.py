from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API for responders' tools"

    def ready(self):
        from api import audit_details, events  # noqa: F401 - connects the case-event receiver
        from routing import registry

        # routing lists its channels; the one above it that adds a channel registers it here.
        registry.register("case_event", "api.channel.CaseEventChannel")
        # The audit page reads the API's actions (tokens, webhooks) in words.
        audit_details.register_all()
