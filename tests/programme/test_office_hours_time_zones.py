"""Each side of an office hour reads it in the time zone of their own profile: a mentor in
Belgrade and a participant in London each get their local time, named, in the e-mail's
text and HTML and in the calendar entry, and the booking page names the zone beside the
times."""

import zoneinfo
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.accounts.models import Profile
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import _attachments, deliver
from programme.cohorts.services import office_hours as oh
from programme.models import OfficeHourSlot
from tests.factories import ProfileFactory

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def set_zone(user, zone):
    ProfileFactory(user=user)
    Profile.objects.filter(user=user).update(time_zone=zone)
    user.refresh_from_db()


def test_belgrade_mentor_and_london_participant_each_read_their_own_time(
        assignment_a, hub_a, mentor, participant):
    set_zone(mentor, "Europe/Belgrade")
    set_zone(participant, "Europe/London")
    start = (timezone.now() + timedelta(days=3)).replace(minute=30, second=0, microsecond=0)
    # Offered in Brussels time and booked with UTC picked: the profiles decide the messages.
    [slot] = oh.publish_slots(actor=mentor, hub=hub_a, first_start=start,
                              duration_minutes=45, time_zone="Europe/Brussels",
                              online_url="https://meet.example.org/m")
    oh.book_slot(slot_id=slot.pk, actor=participant, topic="Pricing", time_zone="UTC")
    in_belgrade = timezone.localtime(slot.starts_at, BELGRADE)
    in_london = timezone.localtime(slot.starts_at, LONDON)
    assert in_belgrade.hour != in_london.hour
    to_person = Notification.objects.get(kind="programme.office_hours.booked")
    to_mentor = Notification.objects.get(kind="programme.office_hours.booked_mentor")
    mail.outbox.clear()
    deliver(to_person)
    deliver(to_mentor)
    person_mail, mentor_mail = mail.outbox
    for message, local, other in ((person_mail, in_london, in_belgrade),
                                  (mentor_mail, in_belgrade, in_london)):
        html = message.alternatives[0][0]
        for part in (message.body, html):
            assert f"{local:%H:%M} {local.tzname()}" in part
            assert f"{other:%H:%M} {other.tzname()}" not in part
    [(_n, person_ics, _m)] = _attachments(to_person)
    [(_n, mentor_ics, _m)] = _attachments(to_mentor)
    assert f"DTSTART;TZID=Europe/London:{in_london:%Y%m%dT%H%M}".encode() in person_ics
    assert f"DTSTART;TZID=Europe/Belgrade:{in_belgrade:%Y%m%dT%H%M}".encode() in mentor_ics


def test_the_booking_page_shows_times_in_the_profiles_zone_named(
        client, assignment_a, hub_a, mentor, participant):
    set_zone(participant, "America/New_York")
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    [slot] = oh.publish_slots(actor=mentor, hub=hub_a, first_start=start, duration_minutes=30,
                              time_zone="Europe/Belgrade", place="Studio")
    client.force_login(participant)
    page = client.get(reverse("programme:office_hours"))
    local = timezone.localtime(slot.starts_at, zoneinfo.ZoneInfo("America/New_York"))
    assert page.context["zone"] == "America/New_York"
    assert f'<abbr title="America/New_York">{local.tzname()}</abbr>' in page.text
    assert 'value="America/New_York" selected' in page.text
    response = client.post(reverse("programme:office_hours_book", kwargs={"pk": slot.pk}),
                           {"topic": "Pricing", "time_zone": "America/New_York"})
    assert response.status_code == 302
    assert Notification.objects.filter(kind="programme.office_hours.booked").exists()


def test_a_mentor_offers_office_hours_in_their_own_zone(client, assignment_a, hub_a, mentor):
    set_zone(mentor, "America/Montreal")
    client.force_login(mentor)
    page = client.get(reverse("programme:mentor_office_hours"))
    assert '<option value="America/Montreal" selected>' in page.text
    assert "<optgroup" in page.text
    day = (timezone.now() + timedelta(days=5)).strftime("%Y-%m-%d")
    response = client.post(reverse("programme:mentor_office_hours"), {
        "hub": hub_a.pk, "starts_at": f"{day}T09:00", "time_zone": "America/Montreal",
        "duration_minutes": 30, "weeks": 1, "place": "Studio", "weekly_limit": 1})
    assert response.status_code == 302
    with scopes_disabled():
        slot = OfficeHourSlot.objects.get(mentor=mentor)
    assert timezone.localtime(slot.starts_at, zoneinfo.ZoneInfo("America/Montreal")).hour == 9
