"""What the consortium console contributes: a link in programme admins' user menu and
their landing page after signing in.
Imported from ``ConsortiumConfig.ready``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import (
    landing_page_providers,
    register,
    report_page_link_providers,
    user_menu_providers,
)


@register(user_menu_providers)
def programme_console_link(user):
    if not (user.is_authenticated and user.is_programme_admin):
        return []
    return [(_("Programme console"), reverse("consortium:home"))]


@register(landing_page_providers, first=True)
def programme_console_landing(user):
    """Programme admins land on the programme console, ahead of any hub console they staff."""
    return reverse("consortium:home") if user.is_programme_admin else None


@register(report_page_link_providers)
def indicators_report_link(request, scope):
    """The programme reports page points to the funder's indicators (chosen by period)."""
    if scope != "programme" or not request.user.is_programme_admin:
        return []
    return [(_("Programme indicators (for the funder)"), reverse("consortium:indicators"))]
