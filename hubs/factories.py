"""Factories of the hubs app: hubs, staff memberships, invitations."""

import factory

from creaconnect.accounts.factories import UserFactory, give_totp
from creaconnect.core.factories import ModelFactory

from .models import Hub, HubInvitation, HubMembership, HubRole


class HubFactory(ModelFactory):
    """A hub, found by its slug if it exists already."""

    class Meta:
        model = Hub
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    city = "Marseille"
    country = "FR"
    description = "A creative hub."
    brand_colour = "#1d4ed8"


class HubMembershipFactory(ModelFactory):
    """A hub manager. Staff reach no console without a second factor: they get TOTP (the
    factories' secret) unless ``totp=False``."""

    class Meta:
        model = HubMembership
        skip_postgeneration_save = True

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    role = HubRole.MANAGER

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            give_totp(obj.user)


MembershipFactory = HubMembershipFactory


class HubInvitationFactory(ModelFactory):
    class Meta:
        model = HubInvitation

    hub = factory.SubFactory(HubFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = HubRole.STAFF
