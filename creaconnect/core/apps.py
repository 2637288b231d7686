from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "creaconnect.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import privacy  # noqa: F401  (the audit log's personal data provider)
        from .cache import connect_signals

        connect_signals()
