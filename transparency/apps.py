from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Transparency"

    def ready(self) -> None:
        from routing import registry

        # Statements of reasons to the EU Transparency Database, through the outbox.
        registry.register("transparency", "transparency.channel.TransparencyChannel")
