"""Office hours in a browser with the demo data: the mentor's page (withdrawing a free hour
after confirming), the participant's page (booking one) and the hub console's use table.
axe checks every page; screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


def _sign_in(visitor, email):
    """By the fields' ids; staff go through the TOTP step."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from tests.factories import totp_code

    page = visitor.go("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    if "/2fa/authenticate/" in page.url:
        visitor.check()
        user = get_user_model().objects.get(email=email)
        code = totp_code(user)
        totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
        cache.delete(totp._get_used_cache_key(code))
        page.locator("input[name=code]").fill(code)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("load")


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
