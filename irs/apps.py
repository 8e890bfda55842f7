from django.apps import AppConfig


class IrsConfig(AppConfig):
    name = "irs"

    def ready(self):
        from irs import checks  # noqa: F401  (registers the system checks)
