from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "creaconnect.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Registered on import: the personal-data provider and the accessibility facts.
        from . import privacy, providers  # noqa: F401  (imported for their registrations)
