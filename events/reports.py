"""The attendance list of an event (PDF for the funder): everyone with a place, their
organisation and country, and when they checked in, or a column to sign."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from .models import Event
from .queries import attendance_rows, counts


def build_attendance_report(report) -> dict:
    """Context of ``events/reports/attendance.html``; ``report.params['event']`` is the
    event's id and the report's hub must be its host hub."""
    with scopes_disabled():  # the worker has no request scope: resolve, then scope to the hub
        event = Event.objects.select_related("hub").get(pk=report.params["event"],
                                                        hub_id=report.hub_id)
    with scope(hub=event.hub):
        figures = counts(event)
        rows = [{"name": str(r.user), "organisation": r.organisation,
                 "country": r.country.name if r.country else "",
                 "checked_in_at": timezone.localtime(r.checked_in_at, event.tz)
                 if r.checked_in_at else None}
                for r in attendance_rows(event)]
    return {
        "event": event, "hub": event.hub, "rows": rows,
        "starts": timezone.localtime(event.starts_at, event.tz),
        "ends": timezone.localtime(event.ends_at, event.tz),
        "generated": timezone.now(),
        "allowed_media": {event.hub.logo.name} if event.hub.logo else set(),
        "figures": [(_("Places taken"), figures["registered"]),
                    (_("Checked in"), figures["checked_in"]),
                    (_("On the waiting list"), figures["waitlisted"]),
                    (_("Places"), event.capacity)],
    }
