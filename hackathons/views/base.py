"""Shared view plumbing: resolve the hackathon, enter its hub's scope, check permission.

Pages render immediately (``render``) so that templates run inside the scope.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django_scopes import scope

from creaconnect.core.actions import ActionView
from creaconnect.core.permissions import PermissionRequiredMixin

from ..models import Hackathon, Team
from ..queries import hackathon_by_slug
from ..services import HackathonError


class HackathonView(View):
    """A public or participant page of one hackathon (``<slug>`` in the URL).

    Subclasses set ``permission_required`` (checked against ``get_permission_object()``,
    denied → 404) and ``login_required``. With ``team_view`` the URL's ``pk`` is a team of
    this hackathon, loaded as ``self.team``.
    """

    permission_required = "hackathons.view_hackathon"
    login_required = False
    team_view = False

    def dispatch(self, request, *args, **kwargs):
        hackathon = hackathon_by_slug(kwargs["slug"])
        if hackathon is None:
            raise Http404
        if self.login_required and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        with scope(hub=hackathon.hub):
            self.hackathon = hackathon
            if self.team_view:
                self.team = get_object_or_404(
                    Team.objects.select_related("captain", "challenge"),
                    hackathon=hackathon, pk=kwargs["pk"])
                self.team.hackathon = hackathon
            if not request.user.has_perm(self.permission_required, self.get_permission_object()):
                raise Http404
            return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.team if self.team_view else self.hackathon

    def fail(self, error: HackathonError, to: str | None = None):
        messages.error(self.request, str(error))
        return redirect(to or self.request.path)


class ConsoleView(PermissionRequiredMixin, View):
    """A hub console page of one of the hub's hackathons. The middleware already checked the
    hub's staff and entered its scope; another hub's hackathon is not found (404)."""

    permission_required = "hackathons.manage_hackathon"

    def dispatch(self, request, *args, **kwargs):
        if request.hub is None or not request.user.is_authenticated:
            raise Http404
        self.hackathon = get_object_or_404(Hackathon.objects.select_related("hub"),
                                           hub=request.hub, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.hackathon

    def fail(self, error: HackathonError):
        messages.error(self.request, str(error))
        return redirect(self.request.path)


class HackathonActionView(HackathonView, ActionView):
    """One change by a signed-in person on a hackathon's page (POST only). Combine it before
    the page's view (``class X(HackathonActionView, TeamView)``) to render that page again with
    a form's errors; the app's error becomes a message on the page."""

    login_required = True
    errors = (HackathonError,)
    page = "hackathons:detail"  # the page the action belongs to (``hackathons:team`` …)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            # Back to the page after signing in: an action URL answers no GET.
            return redirect_to_login(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        kwargs = {"slug": self.kwargs["slug"]}
        if self.team_view:
            kwargs["pk"] = self.kwargs["pk"]
        return reverse(self.page, kwargs=kwargs)


class ConsoleActionView(ConsoleView, ActionView):
    """One change in the hub console of one hackathon (POST only), then back to the console
    page named by ``page`` (``detail``, ``teams``, ``judging``, ``results``)."""

    errors = (HackathonError,)
    page = "detail"

    def back_url(self) -> str:
        return reverse(f"hackathons_console:{self.page}",
                       kwargs={"hub_slug": self.request.hub.slug, "slug": self.hackathon.slug})
