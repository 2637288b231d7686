"""Office hours' messages: each side's e-mail dated in that side's time zone (their profile's,
or the zone of the slot or the booking), the calendar
entry (or its cancellation) attached, and the reminders the day before (a beat job)."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from creaconnect.accounts.timezones import ZonedDate, zone_for
from creaconnect.core.i18n_content import Localised
from creaconnect.notifications.services import notify

from ..models import BookingStatus, OfficeHourBooking

REMINDER_AHEAD = timedelta(hours=24)


def side_zone(booking, *, to_mentor: bool) -> str:
    """The zone one side reads the booking in: the one in their profile, otherwise the
    mentor's slot zone or the zone the participant booked in."""
    slot = booking.slot
    if to_mentor:
        return zone_for(slot.mentor, fallback=slot.time_zone)
    return zone_for(booking.person, fallback=booking.time_zone)


def tell(booking, *, kind, to_mentor: bool, by="", previous=None) -> None:
    """One side's message about ``booking``, dated in that side's time zone; the calendar
    entry is attached by the kind (``booking_calendar``)."""
    slot = booking.slot
    zone = side_zone(booking, to_mentor=to_mentor)
    recipient, other = (slot.mentor, booking.person) if to_mentor else (booking.person,
                                                                         slot.mentor)
    context = {"booking": booking.pk, "zone": zone, "role": "mentor" if to_mentor else "person",
               "other": str(other), "when": ZonedDate(slot.starts_at, zone),
               "minutes": slot.duration_minutes, "topic": booking.topic, "place": slot.place,
               "online_url": slot.online_url, "by": by, "note": Localised(slot, "note")}
    if previous is not None:
        context["date"] = ZonedDate(previous.starts_at, zone)
    url = reverse("programme:mentor_office_hours" if to_mentor else "programme:office_hours")
    notify(user=recipient, kind=kind, hub=slot.hub, url=url, context=context)


def booking_calendar(notification) -> list[tuple[str, bytes, str]]:
    """The attachment of an office-hours message: the entry (or its cancellation) in the
    recipient's time zone and language (the sender runs this in their language)."""
    ctx = notification.context or {}
    pk = ctx.get("booking")
    if not isinstance(pk, int):
        return []
    with scopes_disabled():  # the worker has no hub scope; the id comes from our own row
        booking = (OfficeHourBooking.objects.select_related("slot__mentor", "slot__hub",
                                                            "person").filter(pk=pk).first())
    if booking is None:
        return []
    cancelled = notification.kind == "programme.office_hours.cancelled"
    return [("office-hour.ics", calendar_bytes(booking, zone=ctx.get("zone") or "UTC",
                                               for_mentor=ctx.get("role") == "mentor",
                                               cancelled=cancelled), "text/calendar")]


def calendar_bytes(booking, *, zone: str, for_mentor: bool, cancelled=False) -> bytes:
    slot = booking.slot
    tz = zoneinfo.ZoneInfo(zone)
    cal = Calendar()
    cal.add("prodid", "-//CreaConnect//office hours//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"office-hour-{booking.pk}@creaconnect")
    entry.add("dtstamp", datetime.now(UTC))
    entry.add("dtstart", timezone.localtime(slot.starts_at, tz))
    entry.add("dtend", timezone.localtime(slot.ends_at, tz))
    other = booking.person if for_mentor else slot.mentor
    entry.add("summary", _("Office hour with %(name)s") % {"name": other})
    if slot.place:
        entry.add("location", slot.place)
    page = reverse("programme:mentor_office_hours" if for_mentor else "programme:office_hours")
    lines = [booking.topic, ""]
    if slot.online_url:
        lines += [_("Online link: %(url)s") % {"url": slot.online_url}, ""]
    lines.append(settings.SITE_URL + page)
    entry.add("description", "\n".join(lines))
    if cancelled:
        entry.add("status", "CANCELLED")
        entry.add("sequence", 1)
    cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()


def send_office_hours_reminders(*, now=None) -> int:
    """Remind both sides of office hours starting within a day; once per booking and side
    (dedup keys). Call inside ``scopes_disabled`` (a sweep over every hub)."""
    now = now or timezone.now()
    count = 0
    bookings = (OfficeHourBooking.objects
                .filter(status=BookingStatus.BOOKED, slot__starts_at__gt=now,
                        slot__starts_at__lte=now + REMINDER_AHEAD)
                .select_related("slot__hub", "slot__mentor", "person"))
    with transaction.atomic():
        for booking in bookings:
            for to_mentor in (False, True):
                count += _remind(booking, to_mentor=to_mentor)
    return count


def _remind(booking, *, to_mentor) -> int:
    slot = booking.slot
    zone = side_zone(booking, to_mentor=to_mentor)
    recipient, other = (slot.mentor, booking.person) if to_mentor else (booking.person,
                                                                         slot.mentor)
    side = "mentor" if to_mentor else "person"
    sent = notify(user=recipient, kind="programme.office_hours.reminder", hub=slot.hub,
                  url=reverse("programme:mentor_office_hours" if to_mentor
                              else "programme:office_hours"),
                  context={"other": str(other), "when": ZonedDate(slot.starts_at, zone),
                           "topic": booking.topic, "place": slot.place,
                           "online_url": slot.online_url},
                  dedup_key=f"programme.office_hours.reminder:{booking.pk}:{side}")
    return int(sent is not None)
