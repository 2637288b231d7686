"""The dashboard's sections are cached per person (issue 20), in the real Redis; every
section shows a change at once: a write to a row of the person (their application,
registration, judge assignment, hub membership, event registration) or to a shared row they
see (a call's title) replaces the cached copy on the next view."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.accounts import dashboard_cache
from programme.models import ApplicationState
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    EventFactory,
    EventRegistrationFactory,
    HackathonFactory,
    HubMembershipFactory,
    JudgeAssignmentFactory,
    RegistrationFactory,
    SubmissionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]
DASHBOARD = "/dashboard/"


@pytest.fixture
def cache_on():
    with override_settings(DASHBOARD_CACHE_SECONDS=120):
        yield


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def page(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_is_served_from_the_cache(client, person, hub_a, monkeypatch):
    with scopes_disabled():
        ApplicationFactory(call=CallFactory(hub=hub_a, title="Cached Call"), applicant=person,
                           state=ApplicationState.SUBMITTED)
    assert "Cached Call" in page(client)
    calls = []
    original = dashboard_cache.render_to_string
    monkeypatch.setattr(dashboard_cache, "render_to_string",
                        lambda *a, **k: calls.append(a) or original(*a, **k))
    assert "Cached Call" in page(client)
    assert calls == []  # the sections were not built again


def test_applications_section_shows_a_new_application_and_its_state(client, person, hub_a):
    page(client)
    with scopes_disabled():
        application = ApplicationFactory(call=CallFactory(hub=hub_a, title="Loom Call"),
                                         applicant=person, state=ApplicationState.SUBMITTED)
    assert "Loom Call" in page(client)
    with scopes_disabled():
        application.state = ApplicationState.ACCEPTED
        application.decided_at = timezone.now()
        application.save()
    assert "Confirm my place" in page(client)


def test_a_shared_row_change_shows_for_everyone(client, person, hub_a):
    with scopes_disabled():
        call = CallFactory(hub=hub_a, title="Old Title")
        ApplicationFactory(call=call, applicant=person, state=ApplicationState.SUBMITTED)
    assert "Old Title" in page(client)
    with scopes_disabled():
        call.title = "New Title"
        call.save()
    html = page(client)
    assert "New Title" in html
    assert "Old Title" not in html


def test_hackathons_section_shows_a_registration(client, person, hub_a):
    with scopes_disabled():
        hackathon = HackathonFactory(hub=hub_a, title="Reef Jam")
    assert "Reef Jam" not in page(client)
    with scopes_disabled():
        RegistrationFactory(hackathon=hackathon, user=person)
    assert "Reef Jam" in page(client)


def test_judging_section_shows_a_new_assignment(client, person, hub_a):
    with scopes_disabled():
        hackathon = HackathonFactory(hub=hub_a)
        submission = SubmissionFactory(team=TeamFactory(hackathon=hackathon),
                                       hackathon=hackathon)
    assert "Open my judging" not in page(client)
    with scopes_disabled():
        JudgeAssignmentFactory(hackathon=hackathon, submission=submission, judge=person)
    assert "Open my judging" in page(client)


def test_consoles_section_shows_a_new_hub_membership(client, person, hub_b):
    assert "Hub Beta" not in page(client)
    HubMembershipFactory(hub=hub_b, user=person)
    assert "Hub Beta" in page(client)


def test_events_section_shows_a_registration(client, person, hub_a):
    with scopes_disabled():
        event = EventFactory(hub=hub_a, title="Night of Makers")
    assert "Night of Makers" not in page(client)
    with scopes_disabled():
        EventRegistrationFactory(event=event, user=person)
    assert "Night of Makers" in page(client)


def test_forms_in_cached_sections_carry_this_browsers_csrf_token(client, person, hub_a):
    with scopes_disabled():
        ApplicationFactory(call=CallFactory(hub=hub_a), applicant=person,
                           state=ApplicationState.ACCEPTED, decided_at=timezone.now())
    first = page(client)
    assert "csrfmiddlewaretoken" in first
    assert dashboard_cache.CSRF_PLACEHOLDER not in first
    second = page(client)  # from the cache: a real token again, not the placeholder
    assert "csrfmiddlewaretoken" in second
    assert dashboard_cache.CSRF_PLACEHOLDER not in second
    assert reverse("accounts:dashboard") == DASHBOARD
