"""Fixtures of the event tests: an event of hub A with registration open."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from events.models import Event, EventState, Registration, RegistrationStatus
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests create many people; a slow password hash is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_event(hub, *, slug="demo-day", capacity=10, state=EventState.PUBLISHED,
               starts_in=timedelta(days=10), **fields):
    now = timezone.now()
    starts = now + starts_in
    values = {
        "title": f"Demo day {slug}", "description": "Teams show their prototypes.",
        "venue": "Main hall", "city": "Brussels", "starts_at": starts,
        "ends_at": starts + timedelta(hours=3), "capacity": capacity,
        "registration_opens": now - timedelta(days=5),
        "registration_closes": min(starts, now + timedelta(days=9)), "state": state,
        "questions": [{"label": "Accessibility needs", "required": False},
                      {"label": "Dietary requirements", "required": False}],
        **fields,
    }
    with scope(hub=hub):
        return Event.objects.create(hub=hub, slug=slug, **values)


def add_registration(event, user=None, *, status=RegistrationStatus.REGISTERED, **fields):
    user = user or UserFactory()
    with scope(hub=event.hub):
        return Registration.objects.create(event=event, user=user, status=status, **fields)


@pytest.fixture
def event(hub_a):
    return make_event(hub_a)
