"""The hub console: figures, recent activity and staff management."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from creaconnect.core import audit
from creaconnect.core.confirm import confirmation_required
from creaconnect.core.http import int_or_404
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


class StaffView(PermissionRequiredMixin, View):
    """Staff list for every staff member; changes for managers and programme admins."""

    permission_required = "hubs.view_console"
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

    def get(self, request, **kwargs):
        return self.render_page()

    def post(self, request, **kwargs):
        hub = request.hub
        if not request.user.has_perm("hubs.manage_staff", hub):
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "invite":
                form = InviteStaffForm(request.POST)
                if not form.is_valid():
                    return self.render_page(form=form, status=422)
                invitation = services.invite_staff(hub=hub, actor=request.user,
                                                   **form.cleaned_data)
                messages.success(request, _("Invitation sent to %(email)s.")
                                 % {"email": invitation.email})
            elif action in ("role", "remove"):
                membership = get_object_or_404(HubMembership, hub=hub,
                                               pk=int_or_404(request.POST.get("membership")))
                if action == "role":
                    form = ChangeRoleForm(request.POST)
                    if not form.is_valid():
                        raise services.StaffError(_("Please choose a valid role."))
                    services.change_role(membership=membership, role=form.cleaned_data["role"],
                                         actor=request.user)
                    messages.success(request, _("%(name)s is now %(role)s.") % {
                        "name": membership.user, "role": membership.get_role_display()})
                else:
                    confirm = confirmation_required(
                        request, title=_("Remove this person from the staff?"),
                        thing=str(membership.user),
                        consequence=_("They lose access to this hub's console at once."),
                        undo=_("You can invite them again later."),
                        confirm_label=_("Yes, remove from the staff"))
                    if confirm:
                        return confirm
                    services.remove_staff(membership=membership, actor=request.user)
                    messages.success(request, _("%(name)s was removed from the staff.")
                                     % {"name": membership.user})
            elif action == "revoke":
                invitation = get_object_or_404(HubInvitation, hub=hub,
                                               pk=int_or_404(request.POST.get("invitation")))
                confirm = confirmation_required(
                    request, title=_("Withdraw this invitation?"), thing=invitation.email,
                    consequence=_("The link in the invitation e-mail stops working."),
                    undo=_("You can send a new invitation later."),
                    confirm_label=_("Yes, withdraw the invitation"))
                if confirm:
                    return confirm
                services.revoke_invitation(invitation=invitation, actor=request.user)
                messages.success(request, _("The invitation was withdrawn."))
            else:
                messages.error(request, _("Unknown action."))
        except services.StaffError as exc:
            messages.error(request, str(exc))
        return redirect("console:staff", hub_slug=hub.slug)

