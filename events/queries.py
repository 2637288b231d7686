"""Read-side queries of the events app, for its pages and for the apps above it (the
consortium's indicators). Lists annotate their counts in the database: one query per list,
whatever its length."""

from django.db.models import CharField, Count, F, Func, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.core.periods import period_q

from .models import Event, EventKind, EventState, Registration, RegistrationStatus

S = RegistrationStatus


class Folded(Func):
    """Lower-case, accent-free text (``public.showcase_unaccent``: the ``unaccent`` extension
    where the server has it, a built-in transliteration where it does not, as on the
    embedded development server)."""

    template = "lower(public.showcase_unaccent(%(expressions)s))"
    output_field = CharField()


def with_counts(qs):
    """Annotate ``n_registered``, ``n_waitlisted`` and ``n_checked_in``."""
    return qs.annotate(
        n_registered=Count("registrations", filter=Q(registrations__status=S.REGISTERED)),
        n_waitlisted=Count("registrations", filter=Q(registrations__status=S.WAITLISTED)),
        n_checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    )


def public_events(*, past: bool = False):
    """Published events of every hub, upcoming first (or the past ones, latest first)."""
    now = timezone.now()
    # A public listing spans every hub by nature.
    with scopes_disabled():
        qs = with_counts(Event.objects.filter(state=EventState.PUBLISHED)
                         .select_related("hub"))
        if past:
            return list(qs.filter(ends_at__lte=now).order_by("-starts_at", "pk")[:50])
        return list(qs.filter(ends_at__gt=now).order_by("starts_at", "pk"))


def event_for_page(slug: str) -> Event | None:
    """A published event by its address, with its counts (any hub: a public page)."""
    with scopes_disabled():  # public page: the event's hub is not known from the URL
        return (with_counts(Event.objects.filter(slug=slug, state=EventState.PUBLISHED))
                .select_related("hub").first())


def registration_of(event: Event, user) -> Registration | None:
    """The person's own registration for the event (cancelled ones included)."""
    if not user.is_authenticated:
        return None
    with scopes_disabled():  # the person's own row, in whichever hub hosts the event
        return Registration.objects.filter(event=event, user=user).first()


def my_registrations(user) -> list[Registration]:
    """A person's active registrations for events still to come, soonest first."""
    with scopes_disabled():  # a person's registrations span hubs by nature
        return list(Registration.objects.filter(user=user, event__ends_at__gt=timezone.now())
                    .exclude(status=S.CANCELLED).select_related("event__hub")
                    .order_by("event__starts_at"))


def my_registration(user, pk: int) -> Registration | None:
    """One of the person's own registrations (for their ticket and calendar entry)."""
    with scopes_disabled():  # the person's own row, in whichever hub hosts the event
        return (Registration.objects.filter(user=user, pk=pk).select_related("event__hub")
                .first())


def events_for_hub(hub):
    """The hub's events with their counts, newest first (inside the hub's scope)."""
    return with_counts(Event.objects.filter(hub=hub).select_related("hub")
                       ).order_by("-starts_at", "pk")


def registrations_for_event(event: Event, *, status: str | None = None, q: str = ""):
    """An event's registrations with the person and their profile, in arrival order."""
    qs = (Registration.objects.filter(event=event)
          .select_related("user", "user__profile", "checked_in_by"))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.annotate(
            folded_name=Folded(Coalesce(F("user__display_name"), Value(""))),
            folded_org=Folded(Coalesce(F("organisation"), Value(""))))
        for word in q.split()[:4]:
            folded = Folded(Value(word))
            qs = qs.filter(Q(folded_name__contains=folded) | Q(user__email__icontains=word)
                           | Q(folded_org__contains=folded))
    return qs.order_by("created", "pk")


def attendance_rows(event: Event):
    """The people with a place, by name: the attendance list."""
    return (Registration.objects.filter(event=event, status=S.REGISTERED)
            .select_related("user")
            .order_by(Lower("user__display_name"), Lower("user__email"), "pk"))


def counts(event: Event) -> dict:
    """Registered / waiting / checked in for one event (one query)."""
    row = Registration.objects.filter(event=event).aggregate(
        registered=Count("id", filter=Q(status=S.REGISTERED)),
        waitlisted=Count("id", filter=Q(status=S.WAITLISTED)),
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)))
    return row


def event_indicators(*, start=None, end=None) -> dict:
    """The events held in the period, for the funder: how many (the programme's final event
    apart), registrations (places taken) and attendance (people checked in). Two queries."""
    # Programme-wide figures: every hub's events.
    with scopes_disabled():
        held = Event.objects.filter(period_q("starts_at__date", start, end),
                                    state=EventState.PUBLISHED)
        final = list(with_counts(held.filter(Q(is_programme_event=True)
                                             | Q(kind=EventKind.FINAL_EVENT)))
                     .order_by("starts_at").values("title", "city", "starts_at", "n_registered",
                                                   "n_checked_in"))
        totals = held.aggregate(
            n_events=Count("id", distinct=True),
            n_registrations=Count("registrations",
                                  filter=Q(registrations__status=S.REGISTERED)),
            n_attendance=Count("registrations",
                               filter=Q(registrations__checked_in_at__isnull=False)))
    return {"final_events": final, "n_events": totals["n_events"],
            "registrations": totals["n_registrations"], "attendance": totals["n_attendance"]}


def indicator_figures(*, start=None, end=None) -> dict[int, dict]:
    """``{hub_id: {figure: value}}`` of the published events held in the period: events,
    places taken, people checked in, and people checked in at the programme's final event.
    One query."""
    final = Q(is_programme_event=True) | Q(kind=EventKind.FINAL_EVENT)
    arrived = Q(registrations__checked_in_at__isnull=False)
    figures: dict[int, dict] = {}
    with scopes_disabled():  # programme-wide figures: every hub's events
        rows = (Event.objects.filter(period_q("starts_at__date", start, end),
                                     state=EventState.PUBLISHED)
                .values("hub_id").order_by()
                .annotate(events=Count("id", distinct=True),
                          event_registrations=Count(
                              "registrations", filter=Q(registrations__status=S.REGISTERED)),
                          event_attendance=Count("registrations", filter=arrived),
                          final_event_attendance=Count("registrations", filter=arrived & final)))
        for row in rows:
            figures[row.pop("hub_id")] = row
    return figures


# --- The programme console (/consortium/events/) ------------------------------------------

PROGRAMME_EVENT = Q(is_programme_event=True) | Q(kind=EventKind.FINAL_EVENT)


def programme_events():
    """The programme's own events (the final event), latest first, with their counts and
    host hub; one query."""
    with scopes_disabled():  # programme-wide: they may be hosted by any hub
        return list(with_counts(Event.objects.filter(PROGRAMME_EVENT).select_related("hub"))
                    .order_by("-starts_at", "pk"))


def events_for_programme(*, hub_id: int | None = None, upcoming: bool = False):
    """Every hub's events (or one hub's) with their registration and attendance counts,
    latest first, for the programme console; a queryset (paginated by the page)."""
    with scopes_disabled():  # programme-wide: every hub's events
        qs = with_counts(Event.objects.select_related("hub")).order_by("-starts_at", "pk")
    if hub_id is not None:
        qs = qs.filter(hub_id=hub_id)
    if upcoming:
        qs = qs.filter(ends_at__gt=timezone.now())
    return qs
