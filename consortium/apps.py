from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsortiumConfig(AppConfig):
    """The programme-wide console. At the top of the import graph: it reads the other apps
    through their query functions, and no app imports it."""

    name = "consortium"
    verbose_name = _("Consortium")

    def ready(self):
        from . import providers  # noqa: F401  (registers the admins' menu link)
