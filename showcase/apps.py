from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase")

    def ready(self):
        from django.db.models.signals import post_save

        from . import (
            privacy,  # noqa: F401  (personal data provider)
            providers,  # noqa: F401  registers kinds, navigation, console tab
        )
        from .search import refresh_for_hub

        post_save.connect(refresh_for_hub, sender="hubs.Hub",
                          dispatch_uid="showcase-search-hub")
