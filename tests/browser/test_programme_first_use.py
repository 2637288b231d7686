"""First-time-use fixes of the programme, in the browser: autosave keeps every field type even
when the person leaves at once; the withdraw confirmation; the bulk decision preview."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from programme.models import Answer, Application, QuestionKind
from programme.models import ApplicationState as S
from tests.conftest import wait_for
from tests.factories import PASSWORD, ApplicationFactory, CallFactory, QuestionFactory, UserFactory


def _call_with_url_and_number(hub):
    with scope(hub=hub):
        call = CallFactory(hub=hub, slug="web-call", title="Web call 2027")
        QuestionFactory(call=call, step=1, kind=QuestionKind.SHORT_TEXT, label="Project name")
        QuestionFactory(call=call, step=1, kind=QuestionKind.URL, label="Portfolio address")
        QuestionFactory(call=call, step=1, kind=QuestionKind.NUMBER, label="Budget in euros")
        return call


def _answers(person):
    with scopes_disabled():
        return {a.question.label: a.value for a in Answer.objects.filter(
            application__applicant=person).select_related("question")}


@pytest.mark.django_db(transaction=True)
def test_autosave_keeps_url_and_number_when_leaving_right_after_typing(visitor, hub_a):
    call = _call_with_url_and_number(hub_a)
    person = UserFactory(email="mira@example.org", display_name="Mira Kos")
    with scope(hub=hub_a):
        ApplicationFactory(call=call, applicant=person, state=S.DRAFT)
    step = reverse("programme:apply_step", kwargs={"slug": call.slug, "step": 1})
    visitor.login(person.email, PASSWORD)
    page = visitor.go(step)
    page.get_by_label("Portfolio address").fill("studio-iskra.example/work")
    page.get_by_label("Budget in euros").fill("1250")
    visitor.go("/")  # at once: before the delayed autosave fires
    page = visitor.go(step)
    assert page.get_by_label("Portfolio address").input_value() == \
        "https://studio-iskra.example/work"
    assert page.get_by_label("Budget in euros").input_value() == "1250"

    # A half-typed address is kept as typed and flagged, never dropped; following a link
    # right after typing saves first.
    page.get_by_label("Portfolio address").fill("studio-iskra")
    page.get_by_label("Budget in euros").fill("980")
    page.get_by_role("link", name="Check and submit").click()
    visitor.check()
    # The save is sent as the link is followed (a beacon): it may land just after the page.
    assert wait_for(lambda: _answers(person)["Portfolio address"] == "studio-iskra",
                    timeout=10), _answers(person)
    assert _answers(person)["Budget in euros"] == "980"
    page = visitor.go(step)
    assert page.get_by_label("Portfolio address").input_value() == "studio-iskra"
    assert "not valid yet" in page.content()
    visitor.screenshot("programme-autosave-flagged")


@pytest.mark.django_db(transaction=True)
def test_withdraw_is_confirmed_and_apply_again_reopens(visitor, hub_a):
    call = _call_with_url_and_number(hub_a)
    person = UserFactory(email="ivo@example.org", display_name="Ivo Marić")
    with scope(hub=hub_a):
        application = ApplicationFactory(call=call, applicant=person, state=S.SUBMITTED,
                                         project_title="Open Kiln")
    visitor.login(person.email, PASSWORD)
    page = visitor.go("/dashboard/")
    page.get_by_role("link", name="Withdraw…").click()
    visitor.check()
    assert "Withdraw your application?" in page.content()
    visitor.screenshot("programme-withdraw-confirm")
    page.get_by_role("button", name="Withdraw my application").click()
    visitor.check()
    page.get_by_role("link", name="Apply again").click()
    visitor.check()
    with scopes_disabled():  # the start page (a GET) changes nothing
        assert Application.objects.get(pk=application.pk).state == S.WITHDRAWN
    page.get_by_role("button", name="Apply again").click()
    visitor.check()
    assert "/step-" in page.url
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).state == S.DRAFT


@pytest.mark.django_db(transaction=True)
def test_bulk_preview_lists_what_will_happen_and_what_is_skipped(visitor, hub_a, staff_a):
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="bulk-call", title="Bulk call", cohort=None)
        ApplicationFactory(call=call, state=S.SUBMITTED, project_title="Loom")
        ApplicationFactory(call=call, state=S.REJECTED, project_title="Kiln")
    visitor.login(staff_a.email, PASSWORD)
    page = visitor.go(reverse("programme_console:applications",
                              kwargs={"hub_slug": hub_a.slug, "call_pk": call.pk}))
    for box in page.locator("input[name=ids]").all():
        box.check()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Preview").click()
    visitor.check()
    text = page.locator("main").inner_text()
    assert "1 application will be marked" in text
    assert "Kiln" in text
    assert "selects for no cohort yet" in text
    visitor.screenshot("programme-bulk-preview")
