"""Parallel requests on real PostgreSQL: the last places, one person twice, and the same
check-in posted from two phones. Each thread is its own web request with its own database
connection (the request's transaction, then the service's row locks)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from creaconnect.core.models import AuditEntry
from events.models import Registration, RegistrationStatus
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory

S = RegistrationStatus
pytestmark = pytest.mark.django_db(transaction=True)


def in_parallel(requests):
    """Run ``(client, url, data)`` posts at the same moment; returns the status codes."""
    barrier = threading.Barrier(len(requests))
    codes = []

    def post(client, url, data):
        try:
            barrier.wait()
            codes.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=r) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_never_more_places_than_capacity_under_parallel_registrations(hub_a):
    event = make_event(hub_a, capacity=3)
    people = [UserFactory() for _ in range(8)]
    url = reverse("events:register", kwargs={"slug": event.slug})
    codes = in_parallel([(signed_in(p), url, {"organisation": "", "country": ""})
                         for p in people])
    assert codes == [302] * 8
    with scope(hub=hub_a):
        statuses = list(Registration.objects.filter(event=event).values_list("status",
                                                                             flat=True))
    assert statuses.count(S.REGISTERED) == 3
    assert statuses.count(S.WAITLISTED) == 5


def test_one_registration_when_the_same_person_posts_five_times_at_once(hub_a):
    event = make_event(hub_a, capacity=10)
    me = UserFactory()
    url = reverse("events:register", kwargs={"slug": event.slug})
    codes = in_parallel([(signed_in(me), url, {"organisation": "", "country": ""})
                         for _ in range(5)])
    assert codes == [302] * 5  # one confirmation, four "already registered" messages
    with scope(hub=hub_a):
        assert Registration.objects.filter(event=event, user=me).count() == 1
    assert AuditEntry.objects.filter(action="event.registered").count() == 1


def test_the_database_refuses_a_second_registration_of_one_person(hub_a):
    event = make_event(hub_a)
    first = add_registration(event)
    with pytest.raises(IntegrityError), transaction.atomic():
        add_registration(event, first.user, status=S.WAITLISTED)


def test_the_same_check_in_from_two_phones_counts_once(hub_a, staff_a):
    event = make_event(hub_a)
    registration = add_registration(event)
    url = reverse("events_console:check_in_person", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug, "pk": registration.pk})
    codes = in_parallel([(signed_in(staff_a), url, {}) for _ in range(4)])
    assert codes == [302] * 4
    assert AuditEntry.objects.filter(action="event.checked_in").count() == 1
    with scope(hub=hub_a):
        assert Registration.objects.filter(event=event,
                                           checked_in_at__isnull=False).count() == 1


def test_parallel_cancellations_promote_each_waiting_person_once(hub_a):
    event = make_event(hub_a, capacity=2)
    placed = [add_registration(event) for _ in range(2)]
    waiting = [add_registration(event, status=S.WAITLISTED) for _ in range(3)]
    url = reverse("events:cancel", kwargs={"slug": event.slug})
    codes = in_parallel([(signed_in(r.user), url, {"confirmed": "1"}) for r in placed])
    assert codes == [302, 302]
    with scope(hub=hub_a):
        states = {r.pk: Registration.objects.get(pk=r.pk).status for r in waiting}
        assert Registration.objects.filter(event=event, status=S.REGISTERED).count() == 2
    assert list(states.values()) == [S.REGISTERED, S.REGISTERED, S.WAITLISTED]
