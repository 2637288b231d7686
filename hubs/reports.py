"""The hub overview report: identity, staff and the figures so far."""

from datetime import date, datetime, time

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


def _month_start(day: date, back: int) -> date:
    """The first day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def build_hub_overview(report) -> dict:
    hub = Hub.objects.get(pk=report.hub_id)
    with scope(hub=hub):
        staff = list(HubMembership.objects.filter(hub=hub).select_related("user")
                     .order_by("role", "user__display_name"))
        figures = [(_("Staff"), len(staff))]
        for provider in hub_figure_providers:
            figures.extend(provider(hub))
    # The last twelve calendar months, the current one included, each shown even when
    # nothing happened (a month without activity is a zero bar, not a missing one).
    today = timezone.localdate()
    firsts = [_month_start(today, back) for back in range(11, -1, -1)]
    since = timezone.make_aware(datetime.combine(firsts[0], time.min))
    counts = {m["month"].date() if hasattr(m["month"], "date") else m["month"]: m["n"]
              for m in (AuditEntry.objects.filter(hub_id=hub.pk, created__gte=since)
                        .annotate(month=TruncMonth("created")).values("month")
                        .annotate(n=Count("id")).order_by("month"))}
    # Month names in the report's language (date_format localises them).
    activity = [(date_format(first, "M y"), counts.get(first, 0)) for first in firsts]
    sent = Notification.objects.filter(hub_id=hub.pk, state=State.SENT).count()
    allowed_media = {hub.logo.name} if hub.logo else set()
    return {
        "hub": hub,
        "report": report,
        "staff": staff,
        "figures": figures + [(_("Messages sent"), sent)],
        "activity_chart": (bar_chart(activity, colour=hub.brand_colour,
                                     title=_("Activity per month"))
                           if any(n for _m, n in activity) else ""),
        "generated": timezone.now(),
        "allowed_media": allowed_media,
    }
