"""Query counts of the event lists do not grow with the data (two sizes each)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import RegistrationStatus
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def fill(event, n, *, offset=0):
    for i in range(n):
        add_registration(event, UserFactory(display_name=f"Ana Person {offset + i}"),
                         organisation=f"Org {i}", country="FR",
                         status=RegistrationStatus.WAITLISTED if i % 3 == 2
                         else RegistrationStatus.REGISTERED,
                         answers=[{"question": "Accessibility needs", "answer": "Ramp"}])


def test_public_list_query_count_does_not_grow(client, hub_a, hub_b):
    fill(make_event(hub_a, slug="one"), 1)
    small = count(client, reverse("events:list"))
    for i in range(6):
        fill(make_event(hub_b if i % 2 else hub_a, slug=f"more-{i}"), 3, offset=10 * i)
    large = count(client, reverse("events:list"))
    assert small == large, (small, large)


def test_console_pages_query_counts_do_not_grow(client, hub_a, staff_a):
    event = make_event(hub_a, slug="big", capacity=100)
    fill(event, 2)
    client.force_login(staff_a)
    kw = {"hub_slug": hub_a.slug, "slug": event.slug}
    pages = [(reverse("events_console:list", kwargs={"hub_slug": hub_a.slug}), None),
             (reverse("events_console:registrations", kwargs=kw), None),
             (reverse("events_console:check_in", kwargs=kw), {"q": "ana"}),
             (reverse("events_console:export", kwargs={**kw, "what": "registrations"}), None),
             (reverse("events_console:export", kwargs={**kw, "what": "attendance"}), None)]
    small = [count(client, url, params) for url, params in pages]
    fill(event, 12, offset=100)
    for i in range(4):
        make_event(hub_a, slug=f"other-{i}")
    large = [count(client, url, params) for url, params in pages]
    assert small == large, (small, large)


def test_dashboard_query_count_does_not_grow(client, hub_a):
    me = UserFactory()
    add_registration(make_event(hub_a, slug="first"), me)
    client.force_login(me)
    count(client, reverse("accounts:dashboard"))  # the first visit sets the session up
    small = count(client, reverse("accounts:dashboard"))
    for i in range(4):
        add_registration(make_event(hub_a, slug=f"next-{i}"), me)
    large = count(client, reverse("accounts:dashboard"))
    assert small == large, (small, large)
