"""Demo events: the programme's final event (taken from the showcase's final event, hosted by
La Friche, where it takes place) and one event at some hubs: a past showcase evening with its
attendance, a demo day tonight (for trying the check-in) and an upcoming workshop. People
register and a few have checked in. Idempotent (``update_or_create`` by slug and person);
rows are written directly, so seeding sends no e-mail."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hubs.queries import public_hubs
from showcase.queries import current_event

from .models import Event, EventKind, EventState, Registration, RegistrationStatus

FINAL_HOST = "la-friche"

HUB_EVENTS = [
    # (slug, hub, kind, title, description, venue, city, tz, starts in days, hour, hours,
    #  capacity, online link)
    ("nova-iskra-demo-night", "nova-iskra", EventKind.DEMO_DAY, "Demo night: green prototypes",
     "Six teams from the Belgrade cohort show working prototypes of repairable furniture, "
     "solar kits and reused-material textiles. Short demos, then a tour of the tables.",
     "Nova Iskra, Design Hall", "Belgrade", "Europe/Belgrade", 0, 0, 4, 40, ""),
    ("pau-showcase-evening", "pau", EventKind.SHOWCASE_EVENING,
     "Showcase evening: design for the neighbourhood",
     "Projects from the Barcelona cohort meet residents, shop owners and the district council: "
     "five short talks and an open floor for questions.",
     "PAU, Sala Gran", "Barcelona", "Europe/Madrid", -21, 19, 3, 60, ""),
    ("lama-impact-workshop", "lama", EventKind.WORKSHOP,
     "Workshop: measuring your social impact",
     "A hands-on morning on choosing three indicators that matter for your project and "
     "collecting them without a research budget. Bring your project plan.",
     "MIM – Made in Manifattura", "Florence", "Europe/Rome", 24, 10, 3, 8,
     "https://meet.example.org/lama-impact"),
    ("pali-pali-open-studio", "pali-pali", EventKind.SHOWCASE_EVENING,
     "Open studio at Usquare (draft)",
     "Resident projects open their studios for an evening: still being planned, so a draft.",
     "Usquare, Building 4", "Brussels", "Europe/Brussels", 45, 18, 3, 80, ""),
]
DRAFTS = {"pali-pali-open-studio"}


def _people():
    User = get_user_model()
    skip = ("staff.", "admin@")
    people = [u for u in User.objects.filter(email__endswith="@creaconnect.test")
              .select_related("profile").order_by("email") if not u.email.startswith(skip)]
    # The demo participant first: they hold a ticket for every demo event.
    return sorted(people, key=lambda u: u.email != "participant@creaconnect.test")


def _at(days, hour, tz):
    local = timezone.localtime(timezone.now(), tz)
    if days == 0 and hour == 0:  # tonight's event started an hour ago: check-in is on
        return (local - timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return (local + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                  microsecond=0)


def _final_event(hubs):
    final = current_event()
    host = hubs.get(FINAL_HOST)
    if final is None or host is None:
        return None
    event, _created = Event.objects.update_or_create(slug=final.slug, defaults={
        "hub": host, "kind": EventKind.FINAL_EVENT, "is_programme_event": True,
        "title": final.title, "description": final.description, "venue": final.venue,
        "address": final.address, "city": final.city, "time_zone": "Europe/Paris",
        "starts_at": final.starts_at, "ends_at": final.ends_at, "capacity": 300,
        "registration_opens": timezone.now() - timedelta(days=30),
        "registration_closes": final.starts_at - timedelta(days=2),
        "state": EventState.PUBLISHED,
        "translations": {"fr": {"title": "Vitrine finale de CreaConnect"}},
    })
    return event


def _hub_event(row, hubs):
    (slug, hub_slug, kind, title, description, venue, city, tz_name, days, hour, hours,
     capacity, online) = row
    if hub_slug not in hubs:
        return None
    from zoneinfo import ZoneInfo

    starts = _at(days, hour, ZoneInfo(tz_name))
    event, _created = Event.objects.update_or_create(slug=slug, defaults={
        "hub": hubs[hub_slug], "kind": kind, "title": title, "description": description,
        "venue": venue, "city": city, "time_zone": tz_name, "online_url": online,
        "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
        "capacity": capacity, "registration_opens": starts - timedelta(days=40),
        "registration_closes": starts + timedelta(hours=1),
        "state": EventState.DRAFT if slug in DRAFTS else EventState.PUBLISHED,
    })
    return event


def _register(event, people, *, count, checked_in, waitlisted=0):
    """The first ``count`` people have a place (``checked_in`` of them arrived), the next
    ``waitlisted`` wait."""
    for index, person in enumerate(people[:count + waitlisted]):
        profile = getattr(person, "profile", None)
        status = RegistrationStatus.REGISTERED if index < count else RegistrationStatus.WAITLISTED
        arrived = (event.starts_at + timedelta(minutes=3 * index)
                   if status == RegistrationStatus.REGISTERED and index < checked_in else None)
        Registration.objects.update_or_create(event=event, user=person, defaults={
            "status": status, "organisation": getattr(profile, "organisation", ""),
            "country": getattr(profile, "country", "") or "",
            "created": event.registration_opens + timedelta(hours=index + 1),
            "answers": [{"question": q["label"], "answer": "Step-free access" if index == 1
                         else ""} for q in event.questions],
            "checked_in_at": arrived,
        })


def seed(log):
    hubs = {h.slug: h for h in public_hubs()}
    people = _people()
    final = _final_event(hubs)
    if final is not None:
        _register(final, people, count=min(12, len(people)), checked_in=0)
    made = [e for e in (_hub_event(row, hubs) for row in HUB_EVENTS) if e is not None]
    for event in made:
        if not event.is_published:
            continue
        if event.is_past:
            _register(event, people, count=min(8, len(people)), checked_in=6)
        elif event.starts_at <= timezone.now():
            _register(event, people, count=min(6, len(people)), checked_in=3)
        else:  # the workshop is full, with two people waiting
            _register(event, people, count=min(event.capacity, len(people) - 2),
                      checked_in=0, waitlisted=2)
    log(f"{len(made) + (final is not None)} events "
        f"({'with' if final else 'without'} the final event), with registrations")
