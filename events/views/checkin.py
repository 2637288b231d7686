"""Check-in at the door, made for a phone: search by name, or scan (or type) the QR code's
token. A check-in is a moment set once: posting twice (a retry on a slow network) changes
nothing the second time and says so."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from creaconnect.core.confirm import confirmation_required
from creaconnect.core.http import int_or_404

from .. import services
from ..models import Registration, RegistrationStatus, registration_id_from_token
from ..queries import counts, registrations_for_event
from .console import EventView

# The check-in page may use the camera (to scan the QR codes); every other page may not.
CAMERA_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
MAX_RESULTS = 30


def _back(request, event, q=""):
    url = reverse("events_console:check_in", kwargs={"hub_slug": request.hub.slug,
                                                      "slug": event.slug})
    return f"{url}?{urlencode({'q': q})}" if q else url


def _arrived(request, registration, newly):
    when = time_format(timezone.localtime(registration.checked_in_at,
                                          registration.event.tz), "TIME_FORMAT")
    if newly:
        messages.success(request, _("%(name)s is checked in (%(time)s).") % {
            "name": registration.user, "time": when})
    else:
        messages.info(request, _("%(name)s was already checked in at %(time)s.") % {
            "name": registration.user, "time": when})


class CheckInView(EventView):
    def get(self, request, **kwargs):
        q = " ".join(request.GET.get("q", "").split())[:80]
        results = []
        if q:
            results = list(registrations_for_event(self.event, q=q)
                           .exclude(status=RegistrationStatus.CANCELLED)[:MAX_RESULTS])
        template = "events/console/check_in.html"
        if getattr(request, "htmx", False) and request.GET.get("partial") == "results":
            template += "#results"
        response = render(request, template, {
            "hub": request.hub, "event": self.event, "counts": counts(self.event),
            "q": q, "results": results,
        })
        response["Permissions-Policy"] = CAMERA_POLICY
        response["Cache-Control"] = "private, no-store"
        return response


class CheckInPersonView(EventView):
    """Check in the person tapped in the search results."""

    def post(self, request, pk, **kwargs):
        registration = get_object_or_404(Registration, event=self.event, pk=int_or_404(pk))
        try:
            registration, newly = services.check_in(registration=registration,
                                                    actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            _arrived(request, registration, newly)
        return redirect(_back(request, self.event, request.POST.get("q", "")))


class CheckInTokenView(EventView):
    """Check in from a scanned (or typed) QR code. A token of another event, or one whose
    signature does not hold, checks nobody in."""

    def post(self, request, **kwargs):
        parsed = registration_id_from_token(request.POST.get("token", ""))
        registration = None
        if parsed is not None:
            pk, key = parsed
            registration = Registration.objects.filter(event=self.event, pk=pk,
                                                       ticket_key=key).first()
        if registration is None:
            messages.error(request, _("This code is not a ticket for this event. Search the "
                                      "person by name instead."))
            return redirect(_back(request, self.event))
        try:
            registration, newly = services.check_in(registration=registration,
                                                    actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            _arrived(request, registration, newly)
        return redirect(_back(request, self.event))


class UndoCheckInView(EventView):
    def post(self, request, pk, **kwargs):
        registration = get_object_or_404(Registration.objects.select_related("user"),
                                         event=self.event, pk=int_or_404(pk))
        page = confirmation_required(
            request, title=_("Take back this check-in?"),
            consequence=_("The person is no longer counted as present."),
            thing=str(registration.user), undo=_("You can check them in again."),
            confirm_label=_("Yes, take it back"), cancel_url=_back(request, self.event))
        if page is not None:
            return page
        try:
            services.undo_check_in(registration=registration, actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The check-in of %(name)s is taken back.") % {
                "name": registration.user})
        return redirect(_back(request, self.event, request.POST.get("q", "")))
