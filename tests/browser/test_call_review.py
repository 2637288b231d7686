"""Call review in a browser with the demo data: an expert of the pool scores the application
assigned to them on a 390 px phone, then the hub's staff read the round's table (normalised,
median, disagreement) and tick a comment for the applicant. axe checks every page;
screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


def _sign_in(visitor, email):
    """The demo password; staff and admins go through the TOTP step."""
    visitor.login(email, DEMO_PASSWORD)

def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_expert_scores_on_a_phone_and_staff_read_the_round(new_visitor):
    from programme.models import Review, ReviewRound

    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        scoring = ReviewRound.objects.select_related("call__hub").get(name="Expert scoring")
        hub, call_pk = scoring.call.hub, scoring.call_id
        before = Review.objects.filter(round=scoring).count()

    expert = new_visitor(width=390)
    _sign_in(expert, "hack.expert.marta@creaconnect.test")
    page = expert.go("/programme/reviews/")
    assert _fits(page)
    page.get_by_role("link", name="Louise's Seed Library").click()
    expert.check()
    assert _fits(page)
    expert.screenshot("call-review-expert")
    for group in page.locator("fieldset").all()[:5]:
        group.locator("input[type=radio]").nth(3).check()
    page.get_by_label("Comment for the hub team").fill("A patient, well-costed plan.")
    page.get_by_role("button", name="Save my review").click()
    expert.check()
    assert page.get_by_text("Your review is saved.").is_visible()
    with scopes_disabled():
        assert Review.objects.filter(round=scoring).count() == before + 1

    staff = new_visitor()
    _sign_in(staff, f"staff.{hub.slug}@creaconnect.test")
    page = staff.go(f"/manage/{hub.slug}/calls/{call_pk}/review/rounds/{scoring.pk}/")
    assert page.get_by_text("Disagreement").first.is_visible()
    staff.screenshot("call-review-round")
    page.get_by_role("link", name="Comments for the applicant").first.click()
    staff.check()
    staff.screenshot("call-review-feedback")
