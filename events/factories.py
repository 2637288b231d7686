"""Factories of the events app: an event and a registration."""

from datetime import timedelta

import factory
from django.utils import timezone

from creaconnect.accounts.factories import UserFactory
from creaconnect.core.factories import ModelFactory
from hubs.factories import HubFactory

from .models import Event, EventState, Registration, RegistrationStatus


class EventFactory(ModelFactory):
    """A published event ten days from ``at`` (now by default), registration open."""

    class Meta:
        model = Event

    class Params:
        at = factory.LazyFunction(timezone.now)

    hub = factory.SubFactory(HubFactory)
    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.LazyAttribute(lambda o: f"Demo day {o.slug}")
    description = "Teams show their prototypes."
    venue = "Main hall"
    city = "Brussels"
    starts_at = factory.LazyAttribute(lambda o: o.at + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    capacity = 10
    registration_opens = factory.LazyAttribute(lambda o: o.at - timedelta(days=5))
    registration_closes = factory.LazyAttribute(
        lambda o: min(o.starts_at, o.at + timedelta(days=9)))
    state = EventState.PUBLISHED


class EventRegistrationFactory(ModelFactory):
    """A person's place at an event (``events.Registration``)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.REGISTERED
