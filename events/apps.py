from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  (registers kinds, the attendance report, navigation)
        )
