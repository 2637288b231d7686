"""The programme console in a browser with the demo data: a programme admin signs in (with
TOTP) and opens each page; axe checks every page; screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_programme_admin_walks_the_console(visitor):
    call_command("seed_demo", verbosity=0)
    visitor.login("admin@creaconnect.test", DEMO_PASSWORD)
    page = visitor.go("/consortium/")
    assert page.get_by_role("heading", name="The programme at a glance").is_visible()
    assert page.locator(".chart svg").count() > 0
    visitor.screenshot("consortium-home")
    page = visitor.go("/consortium/?start=31/12/2026&end=01/01/2026")
    assert page.locator(".error-summary").is_visible()
    page = visitor.go("/consortium/audit/")
    assert page.locator(".audit-table tbody tr").count() > 0
    visitor.screenshot("consortium-audit")
    page = visitor.go("/consortium/experts/")
    visitor.screenshot("consortium-experts")
    page = visitor.go("/consortium/showcase/")
    assert page.locator("table tbody tr").count() > 0
    visitor.screenshot("consortium-showcase")
