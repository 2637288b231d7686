from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  registers kinds, navigation, console tab
        )
