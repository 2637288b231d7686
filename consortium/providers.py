"""What the consortium console contributes: a link in programme admins' user menu.
Imported from ``ConsortiumConfig.ready``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import register, user_menu_providers


@register(user_menu_providers)
def programme_console_link(user):
    if not (user.is_authenticated and user.is_programme_admin):
        return []
    return [(_("Programme console"), reverse("consortium:home"))]
