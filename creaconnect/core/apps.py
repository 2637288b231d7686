from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "creaconnect.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # The audit log's personal data provider; the media roots' system check.
        from . import privacy, storage  # noqa: F401  imported for their registrations
        from .cache import connect_signals

        connect_signals()
