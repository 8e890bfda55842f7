from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """`manage.py migrate` also makes the database cache's table (settings.CACHES), so that an
    upgrade or a first install needs no separate createcachetable. Idempotent."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class IrsConfig(AppConfig):
    name = "irs"

    def ready(self):
        from irs import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(create_cache_table, sender=self)
