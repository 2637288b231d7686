from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "creaconnect.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import kinds, privacy  # noqa: F401  (privacy: personal data provider)

        kinds.register("account.security", _("Account security"), always_on=True)
        kinds.register("announcement", _("Announcements from the programme"))
