"""Office hours in a browser with the demo data: the mentor's page (withdrawing a free hour
after confirming), the participant's page (booking one) and the hub console's use table.
axe checks every page; screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


def _sign_in(visitor, email):
    """The demo password; staff and admins go through the TOTP step."""
    visitor.login(email, DEMO_PASSWORD)

@pytest.mark.django_db(transaction=True)
def test_mentor_participant_and_staff_pages(new_visitor):
    from programme.models import BookingStatus, OfficeHourBooking

    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        held = (OfficeHourBooking.objects.select_related("person", "slot__hub")
                .get(slot__mentor__email="mentor@creaconnect.test", status=BookingStatus.HELD))
        person, hub = held.person.email, held.slot.hub
    mentor = new_visitor()
    _sign_in(mentor, "mentor@creaconnect.test")
    page = mentor.go("/mentor/office-hours/")
    mentor.screenshot("office-hours-mentor")
    page.get_by_role("button", name="Withdraw").last.click()
    mentor.check()  # the confirmation page
    page.get_by_role("button", name="Yes, withdraw it").click()
    mentor.check()
    assert page.get_by_text("The office hour was withdrawn.").is_visible()

    participant = new_visitor()
    _sign_in(participant, person)
    page = participant.go("/office-hours/?tz=Europe/Lisbon")
    participant.screenshot("office-hours-participant")
    page.get_by_label("What would you like to talk about?").first.fill("My pitch deck")
    page.get_by_role("button", name="Book").first.click()
    participant.check()
    assert page.get_by_text("Booked.").is_visible()

    staff = new_visitor()
    _sign_in(staff, f"staff.{hub.slug}@creaconnect.test")
    staff.go(f"/manage/{hub.slug}/office-hours/")
    staff.screenshot("office-hours-console")
