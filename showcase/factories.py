"""Factories of the showcase app: one per model."""

from datetime import timedelta

import factory
from django.utils import timezone

from creaconnect.accounts.factories import UserFactory
from creaconnect.core.factories import ModelFactory
from hubs.factories import HubFactory

from .models import (
    CONSENT_TEXT_VERSION,
    AgendaItem,
    Award,
    ConsentRecord,
    ConsentState,
    CreditedMember,
    GalleryImage,
    InterestMessage,
    ProjectState,
    ShowcaseEvent,
    ShowcaseProject,
)


class ShowcaseProjectFactory(ModelFactory):
    """A project in ``state`` (published by default, with its publication time), made
    directly rather than through the workflow; credit people with ``CreditedMemberFactory``."""

    class Meta:
        model = ShowcaseProject

    hub = factory.SubFactory(HubFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    tagline = factory.LazyAttribute(lambda o: f"Tagline of {o.title}")
    theme = "climate"
    stage = "idea"
    state = ProjectState.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == ProjectState.PUBLISHED else None)


class CreditedMemberFactory(ModelFactory):
    """A credited person who approved being shown (``consent=ConsentState.PENDING`` for one
    who has not answered yet)."""

    class Meta:
        model = CreditedMember

    project = factory.SubFactory(ShowcaseProjectFactory)
    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda o: str(o.user))
    consent = ConsentState.APPROVED
    consent_version = CONSENT_TEXT_VERSION


class ShowcaseConsentFactory(ModelFactory):
    """A credited person's answer (``showcase.ConsentRecord``)."""

    class Meta:
        model = ConsentRecord

    member = factory.SubFactory(CreditedMemberFactory)
    decision = ConsentState.APPROVED
    text_version = CONSENT_TEXT_VERSION


class GalleryImageFactory(ModelFactory):
    class Meta:
        model = GalleryImage

    project = factory.SubFactory(ShowcaseProjectFactory)
    image = factory.django.ImageField(filename="gallery.jpg", width=1200, height=750,
                                      format="JPEG")
    thumb = factory.django.ImageField(filename="gallery-thumb.jpg", width=480, height=300,
                                      format="JPEG")
    alt = "Abstract shapes"


class AwardFactory(ModelFactory):
    class Meta:
        model = Award

    project = factory.SubFactory(ShowcaseProjectFactory)
    title = factory.Sequence(lambda n: f"Award {n}")


class InterestMessageFactory(ModelFactory):
    class Meta:
        model = InterestMessage

    project = factory.SubFactory(ShowcaseProjectFactory)
    name = "Ana"
    email = "ana@example.org"
    kind = "partnership"
    message = "Hello"


class ShowcaseEventFactory(ModelFactory):
    class Meta:
        model = ShowcaseEvent

    title = "CreaConnect final showcase"
    slug = factory.Sequence(lambda n: f"showcase-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=9))
    venue = "Grand Plateau"
    city = "Marseille"
    description = "The projects on one stage."


class AgendaItemFactory(ModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(ShowcaseEventFactory)
    starts_at = factory.SelfAttribute("event.starts_at")
    title = factory.Sequence(lambda n: f"Agenda item {n}")
