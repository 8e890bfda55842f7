from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy: retention, a person's own data, who saw what")

    def ready(self):
        from privacy import audit_details

        # The audit page reads the privacy actions (holds, erasure, who saw what) in words.
        audit_details.register_all()
