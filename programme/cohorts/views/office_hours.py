"""Office hours: the person's page ``/office-hours/`` (free slots of their mentors by day in
their time zone, their bookings), the mentor's page ``/mentor/office-hours/`` and the hub
console's use table. Each move is its own POST URL; a booking or slot that is not the
person's own answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scopes_disabled

from creaconnect.accounts.timezones import available_zones, zone_for
from creaconnect.core.actions import ActionView
from creaconnect.core.permissions import PermissionRequiredMixin

from ..forms import (
    OfficeHourBookForm,
    OfficeHourMoveForm,
    OfficeHourRatingForm,
    OfficeHoursPolicyForm,
    OfficeHoursPublishForm,
)
from ..models import OFFICE_HOURS_TIME_ZONES, BookingStatus, OfficeHourSlot
from ..services import office_hours as services
from ..services import office_hours_queries as queries
from ..services.office_hours import OfficeHoursError

ZONE_SESSION_KEY = "office_hours_zone"


def reader_zone(request) -> str:
    """The time zone the person reads office hours in: ``?tz=``, then the one they last
    chose here, then their profile's (or their country's, or the platform's)."""
    chosen = request.GET.get("tz", "")
    if chosen in available_zones():
        return chosen
    remembered = request.session.get(ZONE_SESSION_KEY, "")
    if remembered in available_zones():
        return remembered
    return zone_for(request.user)


def zone_menu(zone: str) -> list[tuple[str, str]]:
    """The zones offered beside the times: the hubs' and the reader's own."""
    known = {value for value, _label in OFFICE_HOURS_TIME_ZONES}
    return OFFICE_HOURS_TIME_ZONES + ([] if zone in known else [(zone, zone)])


# --- The person's side ------------------------------------------------------------------------

class PersonView(PermissionRequiredMixin, View):
    permission_required = "programme.book_office_hours"


class OfficeHoursView(PersonView):
    def get(self, request):
        zone = reader_zone(request)
        free = queries.by_day(services.free_slots_for_user(request.user), zone)
        bookings = queries.bookings_for_person(request.user)
        queries.by_day([b.slot for b in bookings], zone)  # each slot's local times
        return render(request, "programme/office_hours/person.html", {
            "days": free, "bookings": bookings, "zone": zone, "zones": zone_menu(zone),
            "book_form": OfficeHourBookForm(initial={"time_zone": zone}),
            "rating_form": OfficeHourRatingForm(), "cutoff_hours": _cutoff_hours(),
            "BookingStatus": BookingStatus,
        })


def _cutoff_hours() -> int:
    return int(services.CHANGE_CUTOFF.total_seconds() // 3600)


class PersonActionView(PermissionRequiredMixin, ActionView):
    permission_required = "programme.book_office_hours"
    errors = (OfficeHoursError,)

    def back_url(self) -> str:
        return reverse("programme:office_hours")

    def own_booking(self, pk):
        booking = queries.booking_for_person(self.request.user, pk)
        if booking is None:
            raise Http404
        return booking


class BookSlotView(PersonActionView):
    def act(self, request, pk):
        # Only a slot the person may book is found at all; a taken one is a message.
        with scopes_disabled():
            if not OfficeHourSlot.objects.filter(services.bookable_slots_q(request.user),
                                                 pk=pk).exists():
                raise Http404
        form = OfficeHourBookForm(request.POST)
        if not form.is_valid():
            raise OfficeHoursError(_("Say in a few words what you would like to talk about."))
        request.session[ZONE_SESSION_KEY] = form.cleaned_data["time_zone"]
        services.book_slot(slot_id=pk, actor=request.user, **form.cleaned_data)
        self.done(_("Booked. You and your mentor will receive a calendar invitation by "
                    "e-mail."))


class CancelBookingView(PersonActionView):
    def act(self, request, pk):
        booking = self.own_booking(pk)
        asked = self.confirm(
            title=_("Cancel this office hour?"),
            consequence=_("The time is freed for others and your mentor is told."),
            thing=_("Office hour with %(name)s") % {"name": booking.slot.mentor},
            confirm_label=_("Yes, cancel the booking"))
        if asked is not None:
            return asked
        services.cancel_booking(booking=booking, actor=request.user)
        self.done(_("Your booking is cancelled."))
        return None


class RescheduleView(PersonView):
    """The other free slots of the booking's mentor, each with a button that moves it."""

    def get(self, request, pk):
        booking = queries.booking_for_person(request.user, pk)
        if booking is None:
            raise Http404
        zone = reader_zone(request)
        free = services.free_slots_for_user(request.user, mentor_id=booking.slot.mentor_id)
        return render(request, "programme/office_hours/reschedule.html", {
            "booking": booking, "days": queries.by_day(free, zone), "zone": zone,
            "cutoff_hours": _cutoff_hours(),
        })


class MoveBookingView(PersonActionView):
    def act(self, request, pk):
        booking = self.own_booking(pk)
        form = OfficeHourMoveForm(request.POST)
        if not form.is_valid():
            raise OfficeHoursError(_("Choose another free office hour of the same mentor."))
        asked = self.confirm(
            title=_("Move this office hour?"),
            consequence=_("Your current booking is cancelled and the new time is booked; "
                          "you and your mentor receive the new calendar entry."),
            thing=_("Office hour with %(name)s") % {"name": booking.slot.mentor},
            confirm_label=_("Yes, move it"))
        if asked is not None:
            return asked
        services.reschedule_booking(booking=booking, slot_id=form.cleaned_data["slot"],
                                    actor=request.user)
        self.done(_("Your office hour was moved."))
        return None


class RateBookingView(PersonActionView):
    def act(self, request, pk):
        booking = self.own_booking(pk)
        form = OfficeHourRatingForm(request.POST)
        if not form.is_valid():
            raise OfficeHoursError(_("Choose a rating from 1 to 5."))
        services.rate_booking(booking=booking, actor=request.user, **form.cleaned_data)
        self.done(_("Thank you for your rating."))


# --- The mentor's side ------------------------------------------------------------------------

class MentorOfficeHoursView(PermissionRequiredMixin, View):
    permission_required = "programme.offer_office_hours"

    def get(self, request, form=None, status=200):
        hubs = services.mentor_hubs(request.user)
        slots = queries.slots_for_mentor(request.user)
        for slot in slots:  # each in the zone the mentor offered it in
            queries.by_day([slot], slot.time_zone)
        return render(request, "programme/office_hours/mentor.html", {
            "slots": slots, "hubs": hubs, "BookingStatus": BookingStatus,
            "form": form or OfficeHoursPublishForm(hubs=hubs, initial={
                "time_zone": reader_zone(request)}),
        }, status=status)

    def post(self, request):
        form = OfficeHoursPublishForm(request.POST, hubs=services.mentor_hubs(request.user))
        if not form.is_valid():
            return self.get(request, form=form, status=422)
        data = form.cleaned_data
        try:
            slots = services.publish_slots(
                actor=request.user, hub=data["hub"], first_start=data["starts_at"],
                duration_minutes=data["duration_minutes"], time_zone=data["time_zone"],
                weeks=data["weeks"], online_url=data["online_url"], place=data["place"],
                note=data["note"], weekly_limit=data["weekly_limit"],
                translations=data["translations"])
        except OfficeHoursError as exc:
            form.add_error(None, str(exc))
            return self.get(request, form=form, status=422)
        messages.success(request, _("%(n)s office hours offered.") % {"n": len(slots)})
        return redirect("programme:mentor_office_hours")


class MentorActionView(PermissionRequiredMixin, ActionView):
    permission_required = "programme.offer_office_hours"
    errors = (OfficeHoursError,)

    def back_url(self) -> str:
        return reverse("programme:mentor_office_hours")

    def mentor_booking(self, pk):
        booking = queries.booking_for_mentor(self.request.user, pk)
        if booking is None:
            raise Http404
        return booking


class WithdrawSlotView(MentorActionView):
    def act(self, request, pk):
        slot = queries.slot_for_mentor(request.user, pk)
        if slot is None:
            raise Http404
        asked = self.confirm(
            title=_("Withdraw this office hour?"),
            consequence=_("Nobody can book it any more; a booking of it is cancelled and "
                          "the person is told."),
            confirm_label=_("Yes, withdraw it"))
        if asked is not None:
            return asked
        services.withdraw_slot(slot=slot, actor=request.user)
        self.done(_("The office hour was withdrawn."))
        return None


class MarkHeldView(MentorActionView):
    def act(self, request, pk):
        booking = services.mark_held(booking=self.mentor_booking(pk), actor=request.user)
        if booking.session_id:
            self.done(_("Marked as held; the session is in your mentoring log."))
        else:
            self.done(_("Marked as held."))


class MarkNoShowView(MentorActionView):
    def act(self, request, pk):
        services.mark_no_show(booking=self.mentor_booking(pk), actor=request.user)
        self.done(_("Marked as a no-show."))


# --- Hub console --------------------------------------------------------------------------------

class ConsoleOfficeHoursView(PermissionRequiredMixin, View):
    permission_required = "programme.manage_cohort"

    def get(self, request, **kwargs):
        return render(request, "programme/office_hours/console.html", {
            "hub": request.hub, "rows": queries.mentor_use(request.hub),
            "form": OfficeHoursPolicyForm(instance=services.policy_for(request.hub)),
        })


class ConsolePolicyView(PermissionRequiredMixin, ActionView):
    permission_required = "programme.manage_cohort"
    errors = (OfficeHoursError,)

    def back_url(self) -> str:
        return reverse("programme_console:office_hours",
                       kwargs={"hub_slug": self.request.hub.slug})

    def act(self, request, **kwargs):
        form = OfficeHoursPolicyForm(request.POST)
        form.is_valid()  # a boolean: absent means no
        services.set_policy(hub=request.hub, actor=request.user,
                            open_to_cohorts=form.cleaned_data.get("open_to_cohorts", False),
                            open_to_hackathons=form.cleaned_data.get("open_to_hackathons",
                                                                     False))
        self.done(_("Saved."))
