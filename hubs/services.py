"""Hub staff management: invitations, roles, removal. Each writes an audit entry."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from creaconnect.core import audit
from creaconnect.notifications.services import notify

from .models import HubInvitation, HubMembership, HubRole


class StaffError(Exception):
    """A staff change that the rules do not allow; the message is shown to the user."""


def _managers_left(hub, excluding: HubMembership) -> int:
    return (
        HubMembership.objects.filter(hub=hub, role=HubRole.MANAGER)
        .exclude(pk=excluding.pk)
        .count()
    )


def invite_staff(*, hub, email: str, role: str, actor) -> HubInvitation:
    """Invite ``email`` to the hub's staff and e-mail them a link (after commit)."""
    email = email.strip().lower()
    if HubMembership.objects.filter(hub=hub, user__email__iexact=email).exists():
        raise StaffError(_("%(email)s is already on the staff of %(hub)s.")
                         % {"email": email, "hub": hub.name})
    try:
        with transaction.atomic():
            invitation = HubInvitation.objects.create(
                hub=hub, email=email, role=role, invited_by=actor
            )
            audit.record(actor=actor, action="hub.staff_invited", target=invitation, hub=hub,
                         data={"email": email, "role": role})
            notify(
                email=email,
                kind="hub.staff_invited",
                hub=hub,
                url=reverse("hubs:invitation", kwargs={"token": invitation.token}),
                context={"hub": hub.name, "inviter": str(actor),
                         "role": invitation.get_role_display()},
                dedup_key=f"hub.staff_invited:{invitation.pk}",
            )
    except IntegrityError as exc:
        raise StaffError(_("%(email)s already has an open invitation.") % {"email": email}) from exc
    return invitation


def revoke_invitation(*, invitation: HubInvitation, actor) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="hub.invitation_revoked", target=invitation,
                     data={"email": invitation.email})
        invitation.delete()


def accept_invitation(*, invitation: HubInvitation, user) -> HubMembership:
    """Turn an open invitation into a membership; the e-mail must be the user's own."""
    with transaction.atomic():
        invitation = HubInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise StaffError(_("This invitation has already been used."))
        if invitation.is_expired:
            raise StaffError(_("This invitation has expired. Ask the hub for a new one."))
        if invitation.email.lower() != user.email.lower():
            raise StaffError(_("This invitation was sent to another e-mail address."))
        membership, created = HubMembership.objects.get_or_create(
            hub=invitation.hub, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit.record(actor=user, action="hub.staff_joined", target=membership,
                     hub=invitation.hub, data={"role": membership.role})
    return membership


def change_role(*, membership: HubMembership, role: str, actor) -> HubMembership:
    if role not in HubRole.values:
        raise StaffError(_("Unknown role."))
    with transaction.atomic():
        membership = HubMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        if membership.role == HubRole.MANAGER and _managers_left(membership.hub, membership) == 0:
            raise StaffError(_("A hub needs at least one manager. Name another manager first."))
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(actor=actor, action="hub.staff_role_changed", target=membership,
                     data={"from": old, "to": role, "user": membership.user.email})
        notify(
            user=membership.user,
            kind="hub.staff_role_changed",
            hub=membership.hub,
            url=membership.hub.get_console_url(),
            context={"hub": membership.hub.name, "role": membership.get_role_display()},
        )
    return membership


def remove_staff(*, membership: HubMembership, actor) -> None:
    with transaction.atomic():
        membership = HubMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == HubRole.MANAGER and _managers_left(membership.hub, membership) == 0:
            raise StaffError(_("A hub needs at least one manager. Name another manager first."))
        audit.record(actor=actor, action="hub.staff_removed", target=membership,
                     data={"user": membership.user.email, "role": membership.role})
        membership.delete()
