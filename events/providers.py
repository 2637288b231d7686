"""What the events app contributes to the infrastructure: the navigation and console tab,
its notification kinds (with the calendar entry and QR code attached), the attendance report,
the participant's dashboard section and a console figure. Imported from
``EventsConfig.ready``."""

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core.registry import (
    console_nav_items,
    dashboard_section_providers,
    hub_figure_providers,
    nav_items,
    register,
)
from creaconnect.notifications import kinds as notification_kinds
from creaconnect.reports import kinds as report_kinds

from .queries import my_registrations
from .reports import build_attendance_report

nav_items.append((25, _("Events"), "events:list"))
console_nav_items.append((25, _("Events"), "events_console:list"))


def ticket_files(notification) -> list[tuple[str, bytes, str]]:
    """The calendar entry and the QR code of the registration a message confirms (only
    while it still holds a place: a waiting-list message carries neither)."""
    from . import tickets
    from .models import Registration, RegistrationStatus

    pk = (notification.context or {}).get("registration")
    if not isinstance(pk, int):
        return []
    with scopes_disabled():  # the worker has no hub scope; the id comes from our own row
        registration = (Registration.objects.select_related("event__hub")
                        .filter(pk=pk, status=RegistrationStatus.REGISTERED).first())
    if registration is None:
        return []
    slug = registration.event.slug
    return [(f"{slug}.ics", tickets.calendar_bytes(registration), "text/calendar"),
            (f"{slug}-ticket.png", tickets.qr_png(registration), "image/png")]


notification_kinds.register("event.registered", _("My event registrations"),
                            attachments=ticket_files)
notification_kinds.register("event.promoted", _("A place freed up for me at an event"),
                            attachments=ticket_files)

report_kinds.register(report_kinds.ReportKind(
    key="event_attendance",
    label=_("Event attendance list"),
    template="events/reports/attendance.html",
    build_context=build_attendance_report,
    listed=False,  # requested from the event's page, with the event's id
    filename=lambda report: f"attendance-{report.params.get('slug', report.pk)}.pdf",
))


@register(dashboard_section_providers)
def participant_section(request):
    regs = my_registrations(request.user)
    if not regs:
        return []
    return [{"title": _("My events"), "template": "events/_dashboard.html",
             "context": {"registrations": regs}, "order": 22}]


@register(hub_figure_providers)
def event_figures(hub):
    """Console home and the hub overview report: events hosted and people checked in."""
    from .models import Event, Registration

    return [
        (_("Events hosted"), Event.objects.filter(hub=hub).count()),
        (_("Event attendance"), Registration.objects.filter(
            event__hub=hub, checked_in_at__isnull=False).count()),
    ]
