from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from metrics import funnel
        from reports.funnel import step_taken

        step_taken.connect(funnel.store_server_event, dispatch_uid="metrics.funnel")
