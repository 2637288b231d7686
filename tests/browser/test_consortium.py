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


@pytest.mark.django_db(transaction=True)
def test_invited_expert_signs_up_through_the_link(new_visitor):
    import re

    from creaconnect.notifications.models import Notification
    from creaconnect.notifications.services import render
    from hackathons.models import ExpertProfile

    call_command("seed_demo", verbosity=0)
    admin = new_visitor()
    admin.login("admin@creaconnect.test", DEMO_PASSWORD)
    page = admin.go("/consortium/experts/")
    page.get_by_label("E-mail address").fill("new.expert@example.org")
    page.get_by_label("Name", exact=True).fill("Nora Expert")
    page.get_by_label("Country").select_option("BE")
    page.get_by_label("Expertise", exact=True).fill("sound design, festivals")
    page.get_by_role("button", name="Send the invitation").click()
    admin.check()
    assert page.get_by_text("Invitation sent to new.expert@example.org").is_visible()

    # The link as the e-mail carries it (its host is the configured site, not the test's).
    _subject, text, _html = render(Notification.objects.get(kind="hackathon.expert_invited"))
    path = re.search(r"https?://[^/\s]+(/\S+)", text[max(0, text.index("/judge/invitation/") - 80):]
                     ).group(1)
    assert "/judge/invitation/" in path, text
    expert = new_visitor(width=390)
    page = expert.go(path)
    page.get_by_label("Your name").fill("Nora Expert")
    page.locator("#id_password1").fill("A-long-secret-2026")
    page.locator("#id_password2").fill("A-long-secret-2026")
    page.get_by_label("I accept the terms").check()
    expert.screenshot("consortium-expert-invitation")
    page.get_by_role("button", name="Create my account and accept").click()
    expert.check()
    assert ExpertProfile.objects.filter(user__email="new.expert@example.org",
                                        expertise=["sound design", "festivals"]).exists()
