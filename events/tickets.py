"""A registration's ticket: the QR code of its signed token, and its calendar entry (.ics).

The calendar entry carries the person's own time zone (their profile's, else the event's;
a VTIMEZONE and TZID), so their calendar shows it at the right hour wherever they are; its
texts are in the language active when it is built (the recipient's, for an e-mail).
"""

import io
import zoneinfo
from datetime import UTC, datetime, timedelta

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from creaconnect.accounts.timezones import zone_for

from .models import Registration


def qr_svg(registration: Registration) -> str:
    """The ticket's QR code as an inline SVG element (no external file, no script)."""
    qr = segno.make(registration.ticket_token, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True,
            title=_("QR code of your ticket"))
    return out.getvalue().decode()


def qr_png(registration: Registration) -> bytes:
    qr = segno.make(registration.ticket_token, error="m")
    out = io.BytesIO()
    qr.save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def calendar_bytes(registration: Registration) -> bytes:
    """One calendar entry for the person's place at the event, in the person's time zone
    (their profile's; the event's when they chose none)."""
    event = registration.event
    tz = zoneinfo.ZoneInfo(zone_for(registration.user, fallback=event.time_zone))
    cal = Calendar()
    cal.add("prodid", "-//CreaConnect//events//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}-registration-{registration.pk}@creaconnect")
    entry.add("dtstamp", datetime.now(UTC))
    entry.add("dtstart", timezone.localtime(event.starts_at, tz))
    entry.add("dtend", timezone.localtime(event.ends_at, tz))
    entry.add("summary", event.local_title)
    where = ", ".join(p for p in (event.venue, event.address, event.city) if p)
    if where:
        entry.add("location", where)
    url = settings.SITE_URL + event.get_absolute_url()
    lines = [event.local_description, "", url]
    if event.online_url:
        lines += ["", _("Online link: %(url)s") % {"url": event.online_url}]
    entry.add("description", "\n".join(lines))
    entry.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.local_title)
    alarm.add("trigger", timedelta(hours=-2))
    entry.add_component(alarm)
    cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()
