from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Joint support programme")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  (notification kinds, reports, dashboard...)
        )
