from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HackathonsConfig(AppConfig):
    name = "hackathons"
    verbose_name = _("Hackathons")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  (registers kinds, reports, navigation, sections)
        )
