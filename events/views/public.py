"""Public event pages, registering, cancelling, and a person's own ticket."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from creaconnect.core.confirm import confirmation_required

from .. import services, tickets
from ..forms import RegistrationForm
from ..models import RegistrationStatus
from ..queries import event_for_page, public_events, registration_of


def _event_or_404(slug):
    event = event_for_page(slug)
    if event is None:
        raise Http404
    return event


@require_GET
def event_list(request):
    return render(request, "events/list.html", {
        "events": public_events(), "past_events": public_events(past=True),
    })


@require_GET
def event_detail(request, slug):
    event = _event_or_404(slug)
    registration = registration_of(event, request.user)
    return render(request, "events/detail.html", {
        "event": event, "registration": registration,
        "places_left": max(0, event.capacity - event.n_registered),
    })


class RegisterView(View):
    """Signed-in people register here; one registration per person and event."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.event = _event_or_404(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def _initial(self, user):
        profile = getattr(user, "profile", None)
        return {"organisation": getattr(profile, "organisation", ""),
                "country": getattr(profile, "country", "")}

    def _page(self, request, form, status=200):
        return render(request, "events/register.html", {
            "event": self.event, "form": form,
            "registration": registration_of(self.event, request.user),
            "full": self.event.n_registered >= self.event.capacity,
        }, status=status)

    def get(self, request, slug):
        return self._page(request, RegistrationForm(event=self.event,
                                                    initial=self._initial(request.user)))

    def post(self, request, slug):
        form = RegistrationForm(request.POST, event=self.event)
        if not form.is_valid():
            return self._page(request, form, status=422)
        try:
            registration = services.register(
                event=self.event, actor=request.user,
                organisation=form.cleaned_data["organisation"],
                country=form.cleaned_data["country"], answers=form.answers())
        except services.EventError as exc:
            messages.error(request, str(exc))
            return redirect(self.event.get_absolute_url())
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.success(request, _("The event is full: you are on the waiting list. We "
                                        "will e-mail you as soon as a place frees up."))
            return redirect(self.event.get_absolute_url())
        messages.success(request, _("You are registered. Your confirmation, with a calendar "
                                    "entry and your QR code, is on its way by e-mail."))
        return redirect("events:ticket", slug=self.event.slug)


class CancelView(View):
    """A person gives up their place (or their turn on the waiting list), after confirming."""

    def post(self, request, slug):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        event = _event_or_404(slug)
        registration = registration_of(event, request.user)
        if registration is None or not registration.is_active:
            raise Http404
        page = confirmation_required(
            request, title=_("Cancel your registration?"),
            consequence=_("Your place goes to the next person on the waiting list."),
            thing=event.local_title,
            undo=_("You can register again while registration is open, if a place is free."),
            confirm_label=_("Yes, cancel my registration"),
            cancel_url=event.get_absolute_url())
        if page is not None:
            return page
        try:
            services.cancel_registration(registration=registration, actor=request.user)
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect(event.get_absolute_url())


def _own_active_registration(request, slug):
    event = _event_or_404(slug)
    registration = registration_of(event, request.user)
    if registration is None or registration.status != RegistrationStatus.REGISTERED:
        raise Http404
    registration.event = event
    return registration


@require_GET
def ticket(request, slug):
    """The person's ticket: the QR code shown at the door, and the calendar entry."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _own_active_registration(request, slug)
    response = render(request, "events/ticket.html", {
        "event": registration.event, "registration": registration,
        "qr": tickets.qr_svg(registration),
    })
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def calendar(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _own_active_registration(request, slug)
    response = HttpResponse(tickets.calendar_bytes(registration),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
