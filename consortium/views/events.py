"""Events across the programme: the programme's own events (the final event) to manage, and
every hub's events with their registration and attendance figures; programme admins create a
programme-wide event here, hosted by a hub whose console then runs it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from events import services as event_services
from events.queries import events_for_programme, programme_events
from hubs.queries import public_hubs

from ..forms_events import EventFilterForm, ProgrammeEventForm
from .base import ConsortiumView

PAGE_SIZE = 30


class EventsView(ConsortiumView):
    def get(self, request):
        hubs = public_hubs()
        form = EventFilterForm(request.GET or None, hubs=hubs)
        hub_id, upcoming = None, False
        if form.is_bound and form.is_valid():
            hub_id = int(form.cleaned_data["hub"]) if form.cleaned_data["hub"] else None
            upcoming = form.cleaned_data["upcoming"]
        page = Paginator(events_for_programme(hub_id=hub_id, upcoming=upcoming),
                         PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "consortium/events.html", {
            "form": form, "page": page, "programme_events": programme_events(),
        })


class ProgrammeEventCreateView(ConsortiumView):
    template = "consortium/event_form.html"

    def get(self, request):
        return render(request, self.template, {"form": ProgrammeEventForm(hubs=public_hubs())})

    def post(self, request):
        form = ProgrammeEventForm(request.POST, hubs=public_hubs())
        if not form.is_valid():
            return render(request, self.template, {"form": form}, status=422)
        event = form.save(commit=False)
        try:
            event_services.create_programme_event(event=event, host=form.cleaned_data["host"],
                                                  actor=request.user)
        except event_services.EventError as exc:
            form.add_error(None, str(exc))
            return render(request, self.template, {"form": form}, status=422)
        messages.success(request, _("The programme-wide event is saved as a draft in its host "
                                    "hub's console. Publish it there to open registration."))
        return redirect(event.get_console_url())
