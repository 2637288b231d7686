"""Privacy in a browser: a person downloads their data, withdraws a consent and deletes the
account (axe-core on every page and htmx swap)."""

import json
import zipfile

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.accounts.models import ConsentRecord
from showcase.models import CreditedMember, ProjectState, ShowcaseProject
from tests.factories import PASSWORD, UserFactory
from tests.helpers import PRIVACY_EMAIL as EMAIL
from tests.helpers import PRIVACY_FIRST as FIRST
from tests.helpers import PRIVACY_LAST as LAST


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_person_downloads_their_data_withdraws_a_consent_and_deletes_the_account(
        visitor, celery_worker_process, hub_a, make_project):
    import re

    person = UserFactory(email=EMAIL, display_name=f"{FIRST} {LAST}")
    ConsentRecord.objects.create(user=person, kind="demographics", version="2026-09")
    project = make_project(hub_a, users=[person])
    visitor.login(EMAIL, PASSWORD)
    visitor.go("/privacy/")
    page = visitor.go(reverse("accounts:privacy"))
    page.get_by_role("button", name="Prepare my data").click()
    visitor.check()
    link = page.get_by_role("link", name=re.compile("Download"))
    link.wait_for(timeout=60_000)  # htmx polls every 2 s until the worker is done
    visitor.check()
    with page.expect_download() as info:
        link.click()
    with zipfile.ZipFile(info.value.path()) as archive:
        assert json.loads(archive.read("data.json"))["account"]["email"] == EMAIL
    visitor.screenshot("privacy-my-data")

    with scopes_disabled():
        credit = CreditedMember.objects.get(project=project, user=person)
    page.locator(f'form:has(input[value="showcase:{credit.pk}"])').get_by_role(
        "button", name=re.compile("Withdraw")).click()
    visitor.check()  # the shared confirmation page: axe-clean, nothing changed yet
    assert page.get_by_role("heading", name="Withdraw your consent?").count() == 1
    with scopes_disabled():
        assert ShowcaseProject.objects.get(pk=project.pk).state == ProjectState.PUBLISHED
    visitor.screenshot("privacy-withdraw-confirm")
    page.get_by_role("button", name="Yes, withdraw my consent").focus()
    with page.expect_navigation():  # the answer page has loaded before it is checked
        page.keyboard.press("Enter")  # keyboard alone confirms
    visitor.check()
    assert page.get_by_text("Your consent is withdrawn.").count() == 1
    with scopes_disabled():
        assert ShowcaseProject.objects.get(pk=project.pk).state == ProjectState.WITHDRAWN

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account for good").click()
    visitor.check()
    assert page.get_by_text("Your account is deleted.").count() == 1
    person.refresh_from_db()
    assert person.email == f"deleted-{person.pk}@invalid"
