"""The hub overview report: identity, staff and the figures so far."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scope

from creaconnect.core.models import AuditEntry
from creaconnect.core.registry import hub_figure_providers
from creaconnect.notifications.models import Notification, State
from creaconnect.reports.charts import bar_chart

from .models import Hub, HubMembership


def build_hub_overview(report) -> dict:
    hub = Hub.objects.get(pk=report.hub_id)
    with scope(hub=hub):
        staff = list(HubMembership.objects.filter(hub=hub).select_related("user")
                     .order_by("role", "user__display_name"))
        figures = [(_("Staff"), len(staff))]
        for provider in hub_figure_providers:
            figures.extend(provider(hub))
    since = timezone.now() - timezone.timedelta(days=365)
    months = (AuditEntry.objects.filter(hub_id=hub.pk, created__gte=since)
              .annotate(month=TruncMonth("created")).values("month")
              .annotate(n=Count("id")).order_by("month"))
    # Month names in the report's language (date_format localises them).
    activity = [(date_format(m["month"], "M y"), m["n"]) for m in months]
    sent = Notification.objects.filter(hub_id=hub.pk, state=State.SENT).count()
    allowed_media = {hub.logo.name} if hub.logo else set()
    return {
        "hub": hub,
        "report": report,
        "staff": staff,
        "figures": figures + [(_("Messages sent"), sent)],
        "activity_chart": bar_chart(activity, colour=hub.brand_colour,
                                    title=_("Activity per month")),
        "generated": timezone.now(),
        "allowed_media": allowed_media,
    }
