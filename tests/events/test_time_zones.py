"""An event's confirmation is dated in the person's own time zone (their profile's), in the
e-mail's text and HTML and in the calendar entry; without one, in the event's."""

import zoneinfo

from django.core import mail
from django.utils import timezone

from creaconnect.accounts.models import Profile
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import deliver
from events import services
from tests.factories import ProfileFactory, UserFactory


def test_confirmation_in_the_persons_own_zone(event):
    me = UserFactory(preferred_language="en")
    ProfileFactory(user=me)
    Profile.objects.filter(user=me).update(time_zone="Europe/Lisbon")
    me.refresh_from_db()
    services.register(event=event, actor=me, organisation="Nord", country="PT")
    mail.outbox.clear()
    deliver(Notification.objects.get(recipient=me, kind="event.registered"))
    [message] = mail.outbox
    lisbon = timezone.localtime(event.starts_at, zoneinfo.ZoneInfo("Europe/Lisbon"))
    for part in (message.body, message.alternatives[0][0]):
        assert f"{lisbon:%H:%M} {lisbon.tzname()}" in part
    ics = next(content for name, content, _m in message.attachments if name.endswith(".ics"))
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert f"DTSTART;TZID=Europe/Lisbon:{lisbon:%Y%m%dT%H%M}" in text
