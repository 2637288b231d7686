"""Read-side queries of the hubs app, for this app and the features built on it."""

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from .models import Hub, HubInvitation, HubMembership


def public_hubs():
    return Hub.objects.order_by("name")


def hubs_for_user(user):
    """Hubs whose console ``user`` may open: all for programme admins, else their own."""
    if not user.is_authenticated:
        return Hub.objects.none()
    if user.is_programme_admin:
        return Hub.objects.order_by("name")
    # Crossing hubs on purpose: this is the person's own list of consoles.
    with scopes_disabled():
        ids = list(HubMembership.objects.filter(user=user).values_list("hub_id", flat=True))
    return Hub.objects.filter(pk__in=ids).order_by("name")


def staff_for_hub(hub):
    return (
        HubMembership.objects.filter(hub=hub)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )


def open_invitations_for_hub(hub):
    return HubInvitation.objects.filter(hub=hub, accepted_at__isnull=True).select_related(
        "invited_by"
    )


def hub_staff_counts():
    """``{hub_id: staff count}`` for every hub, in one query (public hub list)."""
    with scopes_disabled():  # aggregate over all hubs for the public listing
        rows = Hub.objects.annotate(n=Count("memberships", filter=Q(memberships__isnull=False)))
        return {h.pk: h.n for h in rows}
