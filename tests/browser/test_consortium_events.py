"""The programme console's events page in a browser with the demo data: a programme admin
sees the programme's and every hub's events, creates a programme-wide event and lands in its
host hub's console; axe checks every page; screenshots at 1280 and 390 px."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_programme_admin_creates_a_programme_wide_event(visitor):
    call_command("seed_demo", verbosity=0)
    visitor.login("admin@creaconnect.test", DEMO_PASSWORD)
    page = visitor.go("/consortium/events/")
    assert page.get_by_role("heading", name="Programme-wide events").is_visible()
    assert page.locator("table").count() >= 1
    visitor.screenshot("consortium-events")
    page = visitor.go("/consortium/events/new/")
    visitor.screenshot("consortium-event-new")
    start = timezone.now() + timedelta(days=90)
    fmt = "%Y-%m-%dT18:00"
    page.locator("main [name=host]").select_option(label="pali pali")
    page.locator("main [name=title]").fill("CreaConnect closing day")
    page.locator("main [name=slug]").fill("closing-day-browser")
    page.locator("main [name=description]").fill("The programme's closing day.")
    page.locator("main [name=venue]").fill("Main hall")
    page.locator("main [name=starts_at]").fill(start.strftime(fmt))
    page.locator("main [name=ends_at]").fill(start.strftime("%Y-%m-%dT22:00"))
    page.locator("main [name=capacity]").fill("150")
    page.locator("main [name=registration_opens]").fill(
        (timezone.now() + timedelta(days=1)).strftime(fmt))
    page.locator("main [name=registration_closes]").fill(
        (start - timedelta(days=2)).strftime(fmt))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    visitor.check()
    assert "/manage/pali-pali/events/closing-day-browser/" in page.url
    page = visitor.go("/consortium/events/")
    assert page.get_by_role("link", name="CreaConnect closing day").first.is_visible()
