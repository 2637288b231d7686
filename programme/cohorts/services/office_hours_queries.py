"""Read side of office hours: the mentor's slots, the person's bookings, free slots by day
in a chosen time zone, and each mentor's use of them for the hub console. Every list is a
fixed number of queries, whatever its length."""

import zoneinfo
from datetime import timedelta
from itertools import groupby

from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from ..models import BookingStatus, OfficeHourBooking, OfficeHourSlot

# How long past office hours stay on the mentor's and the person's pages (to mark or rate).
PAST_SHOWN = timedelta(days=30)


def _active_bookings():
    return Prefetch("bookings", to_attr="active_bookings",
                    queryset=OfficeHourBooking.objects
                    .filter(status__in=OfficeHourBooking.ACTIVE).select_related("person"))


def slots_for_mentor(user, *, now=None) -> list[OfficeHourSlot]:
    """The mentor's slots from a month ago on, each with ``booking`` (the active one or
    ``None``); two queries."""
    now = now or timezone.now()
    with scopes_disabled():  # the mentor's own slots, in every hub they mentor at
        slots = list(OfficeHourSlot.objects.filter(mentor_id=user.pk, withdrawn_at__isnull=True,
                                                   starts_at__gte=now - PAST_SHOWN)
                     .select_related("hub").prefetch_related(_active_bookings())
                     .order_by("starts_at", "pk"))
    for slot in slots:
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
        slot.started = slot.starts_at <= now
    return slots


def bookings_for_person(user, *, now=None) -> list[OfficeHourBooking]:
    """The person's bookings from a month ago on (not the cancelled ones), one query."""
    now = now or timezone.now()
    with scopes_disabled():  # the person's own bookings, in every hub
        rows = list(OfficeHourBooking.objects
                    .filter(person_id=user.pk, status__in=OfficeHourBooking.ACTIVE,
                            slot__starts_at__gte=now - PAST_SHOWN)
                    .select_related("slot__mentor", "slot__hub")
                    .order_by("slot__starts_at", "pk"))
    for row in rows:
        row.upcoming = row.slot.starts_at > now
    return rows


def booking_for_person(user, pk) -> OfficeHourBooking | None:
    """The person's own booking ``pk`` or ``None`` (someone else's is not found)."""
    with scopes_disabled():  # filtered by the person
        return (OfficeHourBooking.objects.filter(pk=pk, person_id=user.pk)
                .select_related("slot__mentor", "slot__hub").first())


def booking_for_mentor(user, pk) -> OfficeHourBooking | None:
    """A booking of one of the mentor's own slots, or ``None``."""
    with scopes_disabled():  # filtered by the mentor
        return (OfficeHourBooking.objects.filter(pk=pk, slot__mentor_id=user.pk)
                .select_related("slot__hub", "person").first())


def slot_for_mentor(user, pk) -> OfficeHourSlot | None:
    with scopes_disabled():  # filtered by the mentor
        return OfficeHourSlot.objects.filter(pk=pk, mentor_id=user.pk).first()


def by_day(slots, zone: str) -> list[tuple]:
    """``[(day, [slot, ...]), ...]`` with each slot's ``local_start``/``local_end`` in
    ``zone`` (the reader's time zone)."""
    tz = zoneinfo.ZoneInfo(zone)
    for slot in slots:
        slot.local_start = timezone.localtime(slot.starts_at, tz)
        slot.local_end = timezone.localtime(slot.ends_at, tz)
    return [(day, list(items)) for day, items in
            groupby(slots, key=lambda s: s.local_start.date())]


def mentor_use(hub) -> list[dict]:
    """Per mentor at ``hub``: slots offered, booked, held, no-shows, mean rating and the
    number of ratings; one query. Call inside the hub's scope."""
    active = Q(bookings__status__in=OfficeHourBooking.ACTIVE)
    return list(OfficeHourSlot.objects.filter(hub=hub, withdrawn_at__isnull=True)
                .values("mentor_id", "mentor__display_name", "mentor__email")
                .annotate(offered=Count("id", distinct=True),
                          booked=Count("bookings", filter=active),
                          held=Count("bookings", filter=Q(bookings__status=BookingStatus.HELD)),
                          no_show=Count("bookings",
                                        filter=Q(bookings__status=BookingStatus.NO_SHOW)),
                          ratings=Count("bookings__rating"),
                          mean_rating=Avg("bookings__rating"))
                .order_by("mentor__display_name", "mentor_id"))
