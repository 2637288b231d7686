from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HackathonsConfig(AppConfig):
    name = "hackathons"
    verbose_name = _("Hackathons")

    def ready(self):
        from . import providers  # noqa: F401  (registers kinds, reports, navigation, sections)
