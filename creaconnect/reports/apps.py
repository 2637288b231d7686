from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "creaconnect.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import privacy  # noqa: F401  (personal data provider)
