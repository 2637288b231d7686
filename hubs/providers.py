"""What the hubs app contributes to the infrastructure: notification kinds, the hub
overview report, dashboard and menu entries. Imported from ``HubsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from creaconnect.core.registry import (
    dashboard_section_providers,
    landing_page_providers,
    nav_items,
    register,
    user_menu_providers,
)
from creaconnect.notifications import kinds as notification_kinds
from creaconnect.reports import kinds as report_kinds

from . import signals  # noqa: F401  (cache invalidation)
from .queries import hubs_for_user
from .reports import build_hub_overview

nav_items.append((40, _("Hubs"), "hubs:list"))

notification_kinds.register("hub.staff_invited", _("Invitations to a hub's staff"),
                            always_on=True)
notification_kinds.register("hub.staff_role_changed", _("Changes to my role in a hub"))

report_kinds.register(report_kinds.ReportKind(
    key="hub_overview",
    label=_("Hub overview"),
    template="reports/hub_overview.html",
    build_context=build_hub_overview,
    filename=lambda report: f"hub-overview-{report.created:%Y%m%d}-{report.pk}.pdf",
))


@register(dashboard_section_providers)
def staff_section(request):
    hubs = list(hubs_for_user(request.user))
    if not hubs:
        return []
    return [{"title": _("Hub consoles"), "template": "hubs/_dashboard_consoles.html",
             "context": {"console_hubs": hubs}, "order": 90}]


@register(landing_page_providers)
def staff_console(user):
    """Hub staff land on their hub's console; with several hubs, on the first by name (the
    header's menu lists the others)."""
    from django_scopes import scopes_disabled

    from .models import HubMembership

    with scopes_disabled():  # the person's own memberships, across hubs
        membership = (HubMembership.objects.filter(user=user).select_related("hub")
                      .order_by("hub__name").first())
    return membership.hub.get_console_url() if membership else None


@register(user_menu_providers)
def console_links(user):
    return [(hub.name, hub.get_console_url()) for hub in hubs_for_user(user)[:8]]
