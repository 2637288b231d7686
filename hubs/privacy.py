"""The hubs app's part of a personal data export and of an account erasure."""

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core import registry
from creaconnect.core.privacy import anonymous_email

from .models import HubInvitation, HubMembership


class HubPrivacy:
    key = "hubs"
    order = 10
    label = _("Hub staff roles")

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def export(self, user):
        return {
            "staff_roles": [{"hub": m.hub.name, "role": m.role, "since": m.created}
                            for m in HubMembership.objects.filter(user=user).select_related("hub")],
            "invitations": [{"hub": i.hub.name, "role": i.role, "sent": i.created,
                             "accepted_at": i.accepted_at}
                            for i in HubInvitation.objects.filter(email__iexact=user.email)
                            .select_related("hub")],
        }

    def files(self, user):
        return []

    @scopes_disabled()
    def anonymise(self, user, identity):
        # A removed person is nobody's staff any more; invitations keep their date and role.
        HubMembership.objects.filter(user=user).delete()
        HubInvitation.objects.filter(email__iexact=identity.email).update(
            email=anonymous_email(user.pk))


registry.privacy_providers.append(HubPrivacy())
