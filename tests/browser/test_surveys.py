"""Satisfaction surveys in a browser with the demo data, axe on every page: the participant
answers from their dashboard (at 390 px too), a hub's staff open the survey list and one
survey's results in their console, and a programme admin the programme-wide survey page."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_participant_answers_a_survey_from_the_dashboard(new_visitor):
    call_command("seed_demo", verbosity=0)
    for width in (1280, 390):
        visitor = new_visitor(width=width)
        visitor.login("participant@creaconnect.test", DEMO_PASSWORD)
        page = visitor.go("/dashboard/")
        answer = page.locator("a[href*='/surveys/']").first
        assert answer.is_visible()
        answer.click()
        visitor.check()  # /surveys/<token>/
        assert "/surveys/" in page.url
        assert page.locator("form fieldset, form input[type=radio]").count() > 0
        if width == 1280:  # the screenshot is taken at both widths
            visitor.screenshot("survey-answer")


@pytest.mark.django_db(transaction=True)
def test_staff_and_programme_admin_read_survey_results(new_visitor):
    from surveys.models import Survey

    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        survey = Survey.objects.select_related("hub").filter(
            hub__slug="pali-pali").order_by("pk").first()
    assert survey is not None, "the demo has a survey at Pali Pali"
    staff = new_visitor()
    staff.login("staff.pali-pali@creaconnect.test", DEMO_PASSWORD)
    page = staff.go("/manage/pali-pali/surveys/")
    assert page.locator("main table, main .card").count() > 0
    staff.screenshot("survey-console-list")
    page = staff.go(f"/manage/pali-pali/surveys/{survey.pk}/")
    assert page.get_by_role("heading", level=1).is_visible()
    staff.screenshot("survey-console-detail")

    admin = new_visitor()
    admin.login("admin@creaconnect.test", DEMO_PASSWORD)
    page = admin.go("/consortium/surveys/")
    assert page.locator("main table tbody tr").count() > 0
    admin.screenshot("consortium-surveys")
