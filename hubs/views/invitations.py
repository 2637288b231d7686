from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .. import services
from ..models import HubInvitation


@login_required
def accept(request, token):
    """Show an invitation and accept it on POST. The token is the credential."""
    # The invitee is not yet staff of any hub, so there is no scope to enter: look the
    # invitation up by its secret token across hubs.
    with scopes_disabled():
        invitation = HubInvitation.objects.select_related("hub", "invited_by").filter(
            token=token).first()
    if invitation is None:
        return render(request, "hubs/invitation.html", {"invitation": None}, status=404)
    if request.method == "POST":
        try:
            with scopes_disabled():  # same reason as above; the service checks the e-mail
                services.accept_invitation(invitation=invitation, user=request.user)
        except services.StaffError as exc:
            messages.error(request, str(exc))
            return redirect("hubs:invitation", token=token)
        messages.success(request, _("Welcome to the staff of %(hub)s.") % {"hub": invitation.hub})
        return redirect(invitation.hub.get_console_url())
    return render(request, "hubs/invitation.html", {"invitation": invitation})
