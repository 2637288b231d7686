from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "creaconnect.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import (
            privacy,  # noqa: F401  (personal data provider)
            signals,  # noqa: F401  (security notices)
        )
