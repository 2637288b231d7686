"""The hub console: figures, recent activity and staff management."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from creaconnect.core import audit
from creaconnect.core.actions import ActionView
from creaconnect.core.models import AuditEntry
from creaconnect.core.permissions import PermissionRequiredMixin
from creaconnect.core.registry import hub_figure_providers

from .. import services
from ..forms import ChangeRoleForm, InviteStaffForm
from ..models import HubInvitation, HubMembership
from ..queries import open_invitations_for_hub, staff_for_hub


class ConsoleHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "hubs.view_console"
    template_name = "hubs/console/home.html"

    def get_context_data(self, **kwargs):
        hub = self.request.hub
        figures = [
            (_("Staff"), HubMembership.objects.filter(hub=hub).count()),
            (_("Open staff invitations"), open_invitations_for_hub(hub).count()),
        ]
        for provider in hub_figure_providers:
            figures.extend(provider(hub))
        return {
            "hub": hub,
            "figures": figures,
            "activity": audit.sentences(
                AuditEntry.objects.filter(hub_id=hub.pk).select_related("actor")[:12]),
            "can_manage_staff": self.request.user.has_perm("hubs.manage_staff", hub),
        }


class StaffPageMixin:
    template_name = "hubs/console/staff.html"

    def render_page(self, form=None, status=200):
        hub = self.request.hub
        return render(self.request, self.template_name, {
            "hub": hub,
            "memberships": staff_for_hub(hub),
            "invitations": open_invitations_for_hub(hub),
            "form": form or InviteStaffForm(),
            "roles": ChangeRoleForm.base_fields["role"].choices,
            "can_manage_staff": self.request.user.has_perm("hubs.manage_staff", hub),
        }, status=status)


class StaffView(StaffPageMixin, PermissionRequiredMixin, View):
    """Staff list for every staff member; its changes (below) for managers and programme
    admins."""

    permission_required = "hubs.view_console"

    def get(self, request, **kwargs):
        return self.render_page()


class StaffActionView(StaffPageMixin, PermissionRequiredMixin, ActionView):
    """One change to the staff list (POST only): managers and programme admins; another hub's
    membership or invitation is not found (404)."""

    permission_required = "hubs.manage_staff"
    errors = (services.StaffError,)

    def back_url(self) -> str:
        return reverse("console:staff", kwargs={"hub_slug": self.request.hub.slug})

    def membership(self) -> HubMembership:
        return get_object_or_404(HubMembership.objects.select_related("user"),
                                 hub=self.request.hub, pk=self.kwargs["pk"])


class InviteStaffView(StaffActionView):
    def act(self, request, **kwargs):
        form = InviteStaffForm(request.POST)
        if not form.is_valid():
            return self.render_page(form=form, status=422)
        invitation = services.invite_staff(hub=request.hub, actor=request.user,
                                           **form.cleaned_data)
        self.done(_("Invitation sent to %(email)s.") % {"email": invitation.email})
        return None


class ChangeRoleView(StaffActionView):
    def act(self, request, **kwargs):
        membership = self.membership()
        form = ChangeRoleForm(request.POST)
        if not form.is_valid():
            raise services.StaffError(_("Please choose a valid role."))
        services.change_role(membership=membership, role=form.cleaned_data["role"],
                             actor=request.user)
        self.done(_("%(name)s is now %(role)s.") % {
            "name": membership.user, "role": membership.get_role_display()})
        return None


class RemoveStaffView(StaffActionView):
    def act(self, request, **kwargs):
        membership = self.membership()
        confirm = self.confirm(
            title=_("Remove this person from the staff?"), thing=str(membership.user),
            consequence=_("They lose access to this hub's console at once."),
            undo=_("You can invite them again later."),
            confirm_label=_("Yes, remove from the staff"))
        if confirm:
            return confirm
        services.remove_staff(membership=membership, actor=request.user)
        self.done(_("%(name)s was removed from the staff.") % {"name": membership.user})
        return None


class RevokeInvitationView(StaffActionView):
    def act(self, request, **kwargs):
        invitation = get_object_or_404(HubInvitation, hub=request.hub, pk=kwargs["pk"])
        confirm = self.confirm(
            title=_("Withdraw this invitation?"), thing=invitation.email,
            consequence=_("The link in the invitation e-mail stops working."),
            undo=_("You can send a new invitation later."),
            confirm_label=_("Yes, withdraw the invitation"))
        if confirm:
            return confirm
        services.revoke_invitation(invitation=invitation, actor=request.user)
        self.done(_("The invitation was withdrawn."))
        return None
