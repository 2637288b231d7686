"""The README's demo participant sees the demo mentor's office hours (free ones and a booking)."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from programme.cohorts.models import BookingStatus, OfficeHourBooking, OfficeHourSlot


def test_demo_participant_sees_free_office_hours_and_holds_the_booking(db, client):
    call_command("seed_demo", verbosity=0)
    participant = get_user_model().objects.get(email="participant@creaconnect.test")
    with scopes_disabled():
        booking = OfficeHourBooking.objects.get(slot__mentor__email="mentor@creaconnect.test",
                                                status=BookingStatus.BOOKED)
        hubs = set(OfficeHourSlot.objects.filter(mentor__email="mentor@creaconnect.test")
                   .values_list("hub__slug", flat=True))
    assert booking.person == participant
    assert hubs == {booking.member.cohort.hub.slug}
    client.force_login(participant)
    page = client.get(reverse("programme:office_hours")).text
    assert "Pricing the first workshops" in page  # the booking
    assert "No free office hours" not in page
