from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsortiumConfig(AppConfig):
    """The programme-wide console. At the top of the import graph: it reads the other apps
    through their query functions, and no app imports it."""

    name = "consortium"
    verbose_name = _("Consortium")

    def ready(self):
        # Registers the admins' menu link, the funder's indicators report kind, and the
        # indicators endpoint of the open-data API.
        from . import api, providers, reports  # noqa: F401  imported for their registrations
