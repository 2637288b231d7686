"""The applicant's moves that withdraw or give something up: each has its own URL and a
confirmation page (GET) saying what it means, and does the move on POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from ..models import Application
from ..models import ApplicationState as S
from ..services import applications as svc


def _own_application(request, pk) -> Application:
    # The applicant's own object; its hub is only known after the lookup.
    with scopes_disabled():
        application = (Application.objects.select_related("call__hub", "call__cohort")
                       .filter(pk=pk, applicant=request.user).first())
    if application is None:
        raise Http404
    return application


@login_required
def withdraw(request, pk):
    """Confirm, then withdraw; while the call is open the person can apply again."""
    application = _own_application(request, pk)
    with scope(hub=application.call.hub):
        if request.method == "POST":
            try:
                svc.withdraw_application(application=application, actor=request.user)
            except svc.ApplicationError as exc:
                messages.error(request, str(exc))
                return redirect("accounts:dashboard")
            if application.call.is_open:
                messages.success(request, _("Your application is withdrawn. You can apply "
                                            "again until the call closes: your answers are "
                                            "kept."))
            else:
                messages.success(request, _("Your application is withdrawn."))
            return redirect("accounts:dashboard")
        if not svc.APPLICATION.can(application.state, S.WITHDRAWN):
            messages.error(request, _("This application can no longer be withdrawn."))
            return redirect("accounts:dashboard")
        return render(request, "programme/calls/withdraw.html", {
            "application": application, "call": application.call})


@login_required
def decline(request, pk):
    """Confirm, then decline an offered place (it goes to the waiting list)."""
    application = _own_application(request, pk)
    with scope(hub=application.call.hub):
        if request.method == "POST":
            try:
                svc.decline_place(application=application, actor=request.user)
                messages.success(request, _("You declined the place. Thank you for telling "
                                            "us."))
            except svc.ApplicationError as exc:
                messages.error(request, str(exc))
            return redirect("accounts:dashboard")
        if not svc.APPLICATION.can(application.state, S.DECLINED):
            messages.error(request, _("There is no offered place to decline."))
            return redirect("accounts:dashboard")
        return render(request, "programme/calls/decline.html", {
            "application": application, "call": application.call})
