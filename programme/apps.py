from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Joint support programme")

    def ready(self):
        # Cohorts first: the order of registration is the order of the preference list,
        # the dashboard sections and the console figures.
        from . import privacy  # noqa: F401  (personal data provider)
        from .calls import providers as calls_providers  # noqa: F401  (kinds, dashboard...)
        from .cohorts import providers as cohorts_providers  # noqa: F401  (kinds, reports...)
