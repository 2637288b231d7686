from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hubs")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  (registers dashboard and menu contributions)
        )
