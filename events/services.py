"""The rules of events: saving and publishing, registering, the waiting list, check-in.

How places stay race-safe: every change that counts places (register, cancel, promote)
first locks the event row (``select_for_update``) and counts under that lock, so two people
taking the last place at the same moment are served one after the other. The database also
refuses a second registration of one person for one event (``event_registration_once``); a
double click that slips past the first check ends on that constraint and is answered with
the same sentence. Checking in sets ``checked_in_at`` once, under a lock on the registration:
a request retried on a slow network finds it set and changes nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from creaconnect.accounts.timezones import ZonedDate, zone_for
from creaconnect.core import audit
from creaconnect.core.i18n_content import Localised
from creaconnect.core.states import IllegalMove, StateMachine
from creaconnect.notifications.services import notify

from .models import Event, EventState, Registration, RegistrationStatus, new_ticket_key


class EventError(Exception):
    """A refused action; ``str(error)`` is shown to the person."""


EVENT = StateMachine(EventState, {
    EventState.DRAFT: {EventState.PUBLISHED},
    EventState.PUBLISHED: {EventState.DRAFT},
})


def _lock_event(event) -> Event:
    return Event.objects.select_for_update().select_related("hub").get(pk=event.pk)


def _in_hub(event):
    """The event's hub scope: people register from public pages, which have none. Never
    ``scope(hub=None)`` (that means no filter): an event always has its hub."""
    return scope(hub=event.hub)


def save_event(*, event: Event, actor) -> Event:
    """Create or update an event (a draft until published). Audited."""
    created = event.pk is None
    with transaction.atomic():
        event.save()
        audit.record(actor=actor, action="event.created" if created else "event.updated",
                     target=event, hub=event.hub, data={"event": event.slug})
    return event


def create_programme_event(*, event: Event, host, actor) -> Event:
    """A programme admin creates a programme-wide event (the final event): it is hosted by
    ``host`` (the coordinating hub, an event always has a hub) and marked as the programme's
    own. A draft until published from the host hub's console. Audited."""
    if not getattr(actor, "is_programme_admin", False):
        raise EventError(_("Only programme admins create programme-wide events."))
    event.hub = host
    event.is_programme_event = True
    with scope(hub=host):
        return save_event(event=event, actor=actor)


def move_event(*, event: Event, to: str, actor) -> Event:
    """Publish or unpublish an event. Unpublishing hides it and stops registration; people
    already registered keep their place. Audited."""
    with transaction.atomic():
        locked = _lock_event(event)
        try:
            EVENT.check(locked.state, to)
        except IllegalMove as exc:
            raise EventError(str(exc)) from exc
        locked.state = to
        locked.save(update_fields=["state", "updated"])
        action = "event.published" if to == EventState.PUBLISHED else "event.unpublished"
        audit.record(actor=actor, action=action, target=locked, hub=locked.hub,
                     data={"event": locked.slug})
    return locked


def _clean_answers(event: Event, answers: dict) -> list[dict]:
    out = []
    for index, question in enumerate(event.questions or []):
        text = " ".join(str(answers.get(index, "")).split())[:500]
        if question.get("required") and not text:
            raise EventError(_("Please answer every required question."))
        out.append({"question": question.get("label", ""), "answer": text})
    return out


def _notify_place(registration: Registration, *, kind: str) -> None:
    """Tell the person about their place, with the time in their own time zone (their
    profile's; the event's when they chose none), named beside it."""
    event = registration.event
    with timezone.override(event.tz):
        notify(user=registration.user, kind=kind, hub=event.hub, url=event.get_absolute_url(),
               context={"event": Localised(event, "title"), "place": event.place_line(),
                        "access": Localised(event, "venue_notes"),
                        "when": ZonedDate(event.starts_at,
                                          zone_for(registration.user, fallback=event.time_zone)),
                        "waitlisted": registration.status == RegistrationStatus.WAITLISTED,
                        "registration": registration.pk})


def register(*, event: Event, actor, organisation: str = "", country: str = "",
             answers: dict | None = None) -> Registration:
    """Register ``actor`` for ``event``: a place while there is one, else the waiting list.
    Sends the confirmation (with the calendar entry and the QR code). Audited."""
    try:
        with _in_hub(event), transaction.atomic():
            locked = _lock_event(event)  # serialises the count of places
            if not locked.registration_is_open():
                raise EventError(_("Registration for this event is not open."))
            existing = (Registration.objects.select_for_update()
                        .filter(event=locked, user=actor).first())
            if existing and existing.is_active:
                raise EventError(_("You are already registered for this event."))
            taken = Registration.objects.filter(event=locked,
                                                status=RegistrationStatus.REGISTERED).count()
            waiting = Registration.objects.filter(event=locked,
                                                  status=RegistrationStatus.WAITLISTED).exists()
            status = (RegistrationStatus.REGISTERED if taken < locked.capacity and not waiting
                      else RegistrationStatus.WAITLISTED)
            values = {"status": status, "organisation": organisation[:200],
                      "country": country or "", "answers": _clean_answers(locked, answers or {}),
                      "created": timezone.now(), "cancelled_at": None, "promoted_at": None,
                      "ticket_key": new_ticket_key()}
            if existing:
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.save()
                registration = existing
            else:
                registration = Registration.objects.create(event=locked, user=actor, **values)
            registration.event = locked
            audit.record(actor=actor, action="event.registered", target=registration,
                         hub=locked.hub, data={"event": locked.slug, "status": status})
            _notify_place(registration, kind="event.registered")
    except IntegrityError as exc:  # the same person twice at once: the constraint answered
        raise EventError(_("You are already registered for this event.")) from exc
    return registration


def cancel_registration(*, registration: Registration, actor) -> Registration:
    """Give up a place (or a turn on the waiting list). The first person waiting gets the
    freed place and an e-mail. Audited."""
    with _in_hub(registration.event), transaction.atomic():
        locked = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise EventError(_("This registration is already cancelled."))
        if locked.is_past:
            raise EventError(_("The event is over; registrations can no longer change."))
        if registration.checked_in_at:
            raise EventError(_("This person has already checked in."))
        held_place = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        audit.record(actor=actor, action="event.registration_cancelled", target=registration,
                     hub=locked.hub, data={"event": locked.slug})
        if held_place:
            promote_from_waitlist(event=locked, actor=actor)
    return registration


def promote_from_waitlist(*, event: Event, actor) -> list[Registration]:
    """Fill the event's free places from the waiting list, first come first served. The
    caller holds the event's lock (or this takes it). Each promoted person gets an e-mail."""
    promoted = []
    with _in_hub(event), transaction.atomic():
        locked = _lock_event(event)
        taken = Registration.objects.filter(event=locked,
                                            status=RegistrationStatus.REGISTERED).count()
        free = max(0, locked.capacity - taken)
        if not free or locked.is_past:
            return promoted
        waiting = (Registration.objects.select_for_update()
                   .filter(event=locked, status=RegistrationStatus.WAITLISTED)
                   .select_related("user").order_by("created", "pk")[:free])
        for registration in waiting:
            registration.status = RegistrationStatus.REGISTERED
            registration.promoted_at = timezone.now()
            registration.save(update_fields=["status", "promoted_at"])
            registration.event = locked
            audit.record(actor=actor, action="event.waitlist_promoted", target=registration,
                         hub=locked.hub, data={"event": locked.slug})
            _notify_place(registration, kind="event.promoted")
            promoted.append(registration)
    return promoted


def check_in(*, registration: Registration, actor) -> tuple[Registration, bool]:
    """Mark the person as arrived. Returns ``(registration, newly)``: ``newly`` is False when
    they had already checked in (a retried request), and nothing changes then."""
    with _in_hub(registration.event), transaction.atomic():
        registration = (Registration.objects.select_for_update()
                        .select_related("event__hub", "user").get(pk=registration.pk))
        if registration.status != RegistrationStatus.REGISTERED:
            raise EventError(_("%(name)s has no place at this event (%(status)s).") % {
                "name": registration.user, "status": registration.get_status_display()})
        if registration.checked_in_at is not None:
            return registration, False
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        audit.record(actor=actor, action="event.checked_in", target=registration,
                     hub=registration.event.hub, data={"event": registration.event.slug})
    return registration, True


def undo_check_in(*, registration: Registration, actor) -> Registration:
    """Take back a check-in made by mistake (the wrong person was tapped). Audited."""
    with _in_hub(registration.event), transaction.atomic():
        registration = (Registration.objects.select_for_update()
                        .select_related("event__hub").get(pk=registration.pk))
        if registration.checked_in_at is None:
            raise EventError(_("This person has not checked in."))
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
        audit.record(actor=actor, action="event.check_in_undone", target=registration,
                     hub=registration.event.hub, data={"event": registration.event.slug})
    return registration
