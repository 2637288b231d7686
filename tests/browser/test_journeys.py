"""Journeys through the real app, as people do them, by visible labels."""

import re

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from programme.calls.services.applications import decide_application
from programme.models import Application, ApplicationState, QuestionKind
from tests.factories import PASSWORD, CallFactory, QuestionFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_newcomer_signs_up_verifies_and_completes_profile(visitor):
    page = visitor.go("/")
    page.locator("header").get_by_role("link", name="Join").click()
    visitor.check()
    page.get_by_label("Your name").fill("Ana Petrović")
    page.get_by_label("Email").fill("ana@example.org")
    page.locator("input[name=password1]").fill("a-Long-pass-2026!")
    page.get_by_label("Password (again)").fill("a-Long-pass-2026!")
    page.get_by_label("I accept the terms of use").check()
    page.locator("main").get_by_role("button", name="Sign up").click()
    visitor.check()
    assert page.locator("h1").inner_text() == "Check your e-mail"

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    visitor.go("/" + link.split("/", 3)[3])
    page.locator("main").get_by_role("button", name="Confirm").click()
    visitor.check()

    visitor.go("/account/profile/")
    page.get_by_label("City").fill("Belgrade")
    page.get_by_label("Organisation").fill("Studio Iskra")
    page.get_by_label("Design", exact=True).check()
    page.get_by_label("Skills").fill("prototyping, illustration")
    page.get_by_role("button", name="Save my profile").click()
    visitor.check()
    assert "Your profile is saved." in page.content()
    visitor.screenshot("journey-1-profile")


@pytest.mark.django_db(transaction=True)
def test_participant_applies_leaves_returns_submits_and_joins_cohort(visitor, hub_a, staff_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="makers-call", title="Makers call 2027")
        QuestionFactory(call=call, step=1, kind=QuestionKind.SHORT_TEXT,
                        label="Name of your project")
        QuestionFactory(call=call, step=2, kind=QuestionKind.LONG_TEXT,
                        label="What will you build?", word_limit=50)
        QuestionFactory(call=call, step=2, kind=QuestionKind.SINGLE_CHOICE,
                        label="Stage", choices=["Idea", "Prototype"])
    person = UserFactory(email="lucia@example.org", display_name="Lucía Ferrer")
    visitor.login(person.email, PASSWORD)
    page = visitor.go("/programme/")
    page.get_by_role("link", name="Makers call 2027").first.click()
    visitor.check()
    page.get_by_role("button", name="Apply now").click()
    visitor.check()
    page.get_by_label("Name of your project").fill("Clay Commons")
    page.get_by_role("button", name="Save and continue").click()
    visitor.check()
    page.get_by_label("What will you build?").fill("A shared kiln for young ceramists.")
    page.get_by_role("button", name="Save draft").click()
    visitor.check()
    # Leave, come back later through the dashboard.
    visitor.go("/")
    page = visitor.go("/dashboard/")
    page.get_by_role("link", name="Continue").click()
    visitor.check()
    page.get_by_role("link", name="Step 2").click()
    assert page.get_by_label("What will you build?").input_value() == \
        "A shared kiln for young ceramists."
    page.get_by_label("Prototype").check()
    page.get_by_role("button", name="Save and continue").click()
    visitor.check()
    page.get_by_role("button", name="Submit my application").click()
    visitor.check()
    assert "Your application is submitted" in page.content()

    with scopes_disabled():
        application = Application.objects.get(applicant=person)
    with scope(hub=hub_a):
        decide_application(application=application, decision=ApplicationState.ACCEPTED,
                           message="Welcome aboard, {name}!", actor=staff_a)
    page = visitor.go("/dashboard/")
    assert "Welcome aboard, Lucía Ferrer!" in page.content()
    page.get_by_role("button", name="Confirm my place").click()
    visitor.check()
    assert "Your place is confirmed" in page.content()
    visitor.screenshot("journey-2-dashboard")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_staff_request_a_report_and_download_it(visitor, hub_a, staff_a,
                                                celery_worker_process):
    visitor.login(staff_a.email, PASSWORD)
    page = visitor.go(f"/manage/{hub_a.slug}/reports/")
    page.get_by_role("button", name="Prepare the PDF").click()
    visitor.check()
    assert page.locator("progress").count() >= 1 or page.get_by_text("Download PDF").count()
    download_link = page.get_by_role("link", name=re.compile("Download PDF"))
    download_link.wait_for(timeout=60_000)  # htmx polls every 2 s until the worker is done
    visitor.check()
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    visitor.screenshot("journey-7-report")
