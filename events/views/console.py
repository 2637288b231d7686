"""Hub console: the hub's events, their registrations, waiting list, exports and the
attendance list. Every view runs inside the hub's scope: another hub's event is a 404."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from creaconnect.core import audit
from creaconnect.core.confirm import confirmation_required
from creaconnect.core.http import int_or_404
from creaconnect.core.permissions import PermissionRequiredMixin
from creaconnect.reports.services import request_report

from .. import services
from ..forms import EventForm
from ..models import Event, EventKind, EventState, Registration, RegistrationStatus
from ..queries import attendance_rows, counts, events_for_hub, registrations_for_event

ATTENDANCE_REPORT = "event_attendance"
EXPORTS = ("registrations", "attendance")


class HubEventsView(PermissionRequiredMixin, View):
    permission_required = "hubs.view_console"


class EventView(PermissionRequiredMixin, View):
    """A view of one of the hub's events (found inside the hub's scope, else 404)."""

    permission_required = "events.manage_event"

    def dispatch(self, request, *args, **kwargs):
        if request.hub is None:  # pragma: no cover  (the console URLs always carry a hub)
            return redirect("home")
        self.event = get_object_or_404(Event.objects.select_related("hub"), hub=request.hub,
                                       slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.event


def _is_admin(user) -> bool:
    return bool(getattr(user, "is_programme_admin", False))


class ListView(HubEventsView):
    def get(self, request, **kwargs):
        return render(request, "events/console/list.html", {
            "hub": request.hub, "events": list(events_for_hub(request.hub)),
        })


class CreateView(HubEventsView):
    def get(self, request, **kwargs):
        form = EventForm(programme_admin=_is_admin(request.user))
        return render(request, "events/console/form.html", {"hub": request.hub, "form": form})

    def post(self, request, **kwargs):
        form = EventForm(request.POST, programme_admin=_is_admin(request.user))
        if not form.is_valid():
            return render(request, "events/console/form.html",
                          {"hub": request.hub, "form": form}, status=422)
        event = form.save(commit=False)
        event.hub = request.hub
        event.is_programme_event = event.kind == EventKind.FINAL_EVENT
        services.save_event(event=event, actor=request.user)
        messages.success(request, _("The event is saved as a draft. Publish it to open its "
                                    "page and registration."))
        return redirect(event.get_console_url())


class EditView(EventView):
    def get(self, request, **kwargs):
        form = EventForm(instance=self.event, programme_admin=_is_admin(request.user))
        return render(request, "events/console/form.html",
                      {"hub": request.hub, "form": form, "event": self.event})

    def post(self, request, **kwargs):
        form = EventForm(request.POST, instance=self.event,
                         programme_admin=_is_admin(request.user))
        if not form.is_valid():
            return render(request, "events/console/form.html",
                          {"hub": request.hub, "form": form, "event": self.event}, status=422)
        event = form.save(commit=False)
        if _is_admin(request.user):
            # A programme-wide event made at /consortium/events/ stays one whatever its kind.
            event.is_programme_event = (event.is_programme_event
                                        or event.kind == EventKind.FINAL_EVENT)
        services.save_event(event=event, actor=request.user)
        if event.is_published:  # more places may have been added
            services.promote_from_waitlist(event=event, actor=request.user)
        messages.success(request, _("The event is saved."))
        return redirect(event.get_console_url())


class DetailView(EventView):
    def get(self, request, **kwargs):
        return render(request, "events/console/detail.html", {
            "hub": request.hub, "event": self.event, "counts": counts(self.event),
        })


class PublishView(EventView):
    def post(self, request, **kwargs):
        try:
            services.move_event(event=self.event, to=EventState.PUBLISHED, actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The event is published: its page is public and "
                                        "people can register while registration is open."))
        return redirect(self.event.get_console_url())


class UnpublishView(EventView):
    def post(self, request, **kwargs):
        page = confirmation_required(
            request, title=_("Take the event off the public pages?"),
            consequence=_("Its page disappears and nobody can register. People already "
                          "registered keep their place and are not told."),
            thing=self.event.title, undo=_("You can publish it again at any time."),
            confirm_label=_("Yes, unpublish"), cancel_url=self.event.get_console_url())
        if page is not None:
            return page
        try:
            services.move_event(event=self.event, to=EventState.DRAFT, actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The event is back to draft."))
        return redirect(self.event.get_console_url())


class RegistrationsView(EventView):
    """The registrations table (places and waiting list), filtered by status."""

    def get(self, request, **kwargs):
        status = request.GET.get("status", "")
        if status not in RegistrationStatus.values:
            status = ""
        return render(request, "events/console/registrations.html", {
            "hub": request.hub, "event": self.event, "counts": counts(self.event),
            "registrations": list(registrations_for_event(self.event, status=status or None)),
            "status": status, "statuses": RegistrationStatus.choices,
        })


class CancelRegistrationView(EventView):
    """Staff cancel someone's registration (after confirming); the waiting list moves up."""

    def post(self, request, pk, **kwargs):
        registration = get_object_or_404(Registration.objects.select_related("user"),
                                         event=self.event, pk=int_or_404(pk))
        page = confirmation_required(
            request, title=_("Cancel this registration?"),
            consequence=_("The person loses their place (the next person waiting gets it). "
                          "They are not told by e-mail: tell them yourself."),
            thing=str(registration.user), undo=_("They can register again if a place is free."),
            confirm_label=_("Yes, cancel the registration"),
            cancel_url=reverse("events_console:registrations",
                               kwargs={"hub_slug": request.hub.slug, "slug": self.event.slug}))
        if page is not None:
            return page
        try:
            services.cancel_registration(registration=registration, actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The registration is cancelled."))
        return redirect("events_console:registrations", hub_slug=request.hub.slug,
                        slug=self.event.slug)


def safe_cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def local(moment, event) -> str:
    return timezone.localtime(moment, event.tz).strftime("%d/%m/%Y %H:%M") if moment else ""


class ExportView(EventView):
    """CSV of the registrations (with the answers) or of the attendance list."""

    def get(self, request, what, **kwargs):
        if what not in EXPORTS:
            raise Http404
        event = self.event
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-{what}.csv"'
        response["Cache-Control"] = "private, no-store"  # people's personal data
        writer = csv.writer(response)
        if what == "attendance":
            writer.writerow([_("Name"), _("Organisation"), _("Country"), _("Checked in at")])
            for r in attendance_rows(event):
                writer.writerow([safe_cell(v) for v in (
                    r.user, r.organisation, r.country.name if r.country else "",
                    local(r.checked_in_at, event))])
        else:
            labels = [q.get("label", "") for q in event.questions or []]
            writer.writerow([_("Name"), _("E-mail"), _("Organisation"), _("Country"),
                             _("Status"), _("Registered at"), _("Checked in at"), *labels])
            for r in registrations_for_event(event):
                answers = {a.get("question"): a.get("answer") for a in r.answers or []}
                writer.writerow([safe_cell(v) for v in (
                    r.user, r.user.email, r.organisation, r.country.name if r.country else "",
                    r.get_status_display(), local(r.created, event),
                    local(r.checked_in_at, event), *[answers.get(label, "") for label in labels])])
        audit.record(actor=request.user, action="event.exported", target=event,
                     hub=request.hub, data={"what": what})
        return response


class AttendanceReportView(EventView):
    """Prepare the attendance list as a PDF (rendered by the worker, like every report)."""

    def post(self, request, **kwargs):
        request_report(kind=ATTENDANCE_REPORT, hub=request.hub,
                       params={"event": self.event.pk, "slug": self.event.slug},
                       actor=request.user)
        messages.success(request, _("The attendance list is being prepared. Download it from "
                                    "the Reports tab."))
        return redirect("hub_reports:list", hub_slug=request.hub.slug)
