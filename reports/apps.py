from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import catalog
        from wikis import contributions

        contributions.register_builtin_texts("label", catalog.TYPE_LABELS)
        contributions.register_builtin_texts("description", catalog.TYPE_DESCRIPTIONS)
        contributions.register_builtin_texts(
            "what_to_do_next", catalog.WHAT_TO_DO_NEXT, default=catalog.DEFAULT_WHAT_TO_DO_NEXT
        )
