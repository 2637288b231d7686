"""The events' part of a personal data export and of an account erasure."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core import registry

from .models import Registration, RegistrationStatus
from .services import cancel_registration


class EventPrivacy:
    key = "events"
    order = 35
    label = _("Events")

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def export(self, user):
        return {"registrations": [{
            "event": r.event.title, "starts": r.event.starts_at, "status": r.status,
            "organisation": r.organisation, "country": str(r.country), "answers": r.answers,
            "registered": r.created, "checked_in_at": r.checked_in_at,
        } for r in Registration.objects.filter(user=user).select_related("event")]}

    def files(self, user):
        return []

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def anonymise(self, user, identity):
        # Places at events still to come are given up (the waiting list moves up); past
        # attendance stays for the funder's records, under the erased name, without their
        # own words.
        upcoming = Registration.objects.filter(
            user=user, event__ends_at__gt=timezone.now()).exclude(
            status=RegistrationStatus.CANCELLED).select_related("event")
        for registration in upcoming:
            if registration.checked_in_at is None:
                cancel_registration(registration=registration, actor=None)
        Registration.objects.filter(user=user).update(organisation="", answers=[])


registry.privacy_providers.append(EventPrivacy())
