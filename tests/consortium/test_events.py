"""The programme console's events (/consortium/events/): programme admins see the programme's
own events and every hub's events with registration and attendance figures, and create a
programme-wide event hosted by a hub; hub staff and everyone else get 404; the list makes
the same number of queries at two sizes."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from creaconnect.core.models import AuditEntry
from events.models import Event, EventKind, EventState, RegistrationStatus
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory

LIST = reverse("consortium:events")
CREATE = reverse("consortium:event_create")


def checked_in(event, n):
    for _ in range(n):
        registration = add_registration(event)
        with scope(hub=event.hub):
            type(registration).objects.filter(pk=registration.pk).update(
                checked_in_at=timezone.now())


def new_event_data(host, **extra):
    start = (timezone.now() + timedelta(days=60)).replace(hour=18, minute=0)
    fmt = "%Y-%m-%dT%H:%M"
    return {"host": host.pk, "title": "CreaConnect final event", "slug": "final-2027",
            "kind": EventKind.FINAL_EVENT, "description": "The programme's closing day.",
            "venue": "Friche Belle de Mai", "city": "Marseille", "time_zone": "Europe/Paris",
            "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=4)).strftime(fmt), "capacity": 200,
            "registration_opens": (timezone.now() + timedelta(days=1)).strftime(fmt),
            "registration_closes": (start - timedelta(days=1)).strftime(fmt),
            "questions_text": "Accessibility needs", **extra}


def test_admins_see_programme_and_every_hubs_events_with_figures(client, admin_user, hub_a,
                                                                  hub_b):
    final = make_event(hub_a, slug="final", title="Final event", kind=EventKind.FINAL_EVENT,
                       is_programme_event=True)
    workshop = make_event(hub_b, slug="b-workshop", title="Sound workshop")
    add_registration(workshop, status=RegistrationStatus.WAITLISTED)
    checked_in(workshop, 3)
    checked_in(final, 2)
    client.force_login(admin_user)
    page = client.get(LIST)
    assert page.status_code == 200
    assert [e.pk for e in page.context["programme_events"]] == [final.pk]
    rows = {e.pk: e for e in page.context["page"].object_list}
    assert set(rows) == {final.pk, workshop.pk}
    assert (rows[workshop.pk].n_registered, rows[workshop.pk].n_waitlisted,
            rows[workshop.pk].n_checked_in) == (3, 1, 3)
    assert workshop.get_console_url() in page.text
    assert "Sound workshop" in page.text
    only_b = client.get(LIST, {"hub": hub_b.pk})
    assert [e.pk for e in only_b.context["page"].object_list] == [workshop.pk]
    bad = client.get(LIST, {"hub": "not-a-hub"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["hub"]


def test_hub_staff_and_others_get_404(client, staff_a, hub_a):
    make_event(hub_a)
    for user in (staff_a, UserFactory()):
        client.force_login(user)
        assert client.get(LIST).status_code == 404
        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, new_event_data(hub_a)).status_code == 404
    with scopes_disabled():
        assert not Event.objects.filter(slug="final-2027").exists()
    client.logout()
    assert client.get(LIST).status_code == 404


def test_admin_creates_a_programme_wide_event_hosted_by_a_hub(client, admin_user, hub_a,
                                                              hub_b):
    client.force_login(admin_user)
    form = client.get(CREATE)
    assert form.status_code == 200
    assert 'name="host"' in form.text
    response = client.post(CREATE, new_event_data(hub_b))
    assert response.status_code == 302
    with scopes_disabled():
        event = Event.objects.get(slug="final-2027")
    assert response["Location"] == event.get_console_url()
    assert event.hub == hub_b
    assert event.is_programme_event
    assert event.state == EventState.DRAFT
    assert AuditEntry.objects.filter(action="event.created", hub_id=hub_b.pk).exists()
    listed = client.get(LIST)
    assert [e.pk for e in listed.context["programme_events"]] == [event.pk]
    # The host hub's console runs it; another hub's console does not find it.
    assert client.get(event.get_console_url()).status_code == 200
    assert client.get(reverse("events_console:detail", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug})).status_code == 404


def test_bad_input_is_a_clear_message(client, admin_user, hub_a):
    client.force_login(admin_user)
    response = client.post(CREATE, {**new_event_data(hub_a), "host": "999999", "venue": "",
                                     "capacity": "0"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"host", "venue", "capacity"} <= set(errors)
    with scopes_disabled():
        assert not Event.objects.filter(slug="final-2027").exists()


def test_list_makes_the_same_queries_at_two_sizes(client, admin_user, hub_a, hub_b):
    def add(n, start):
        for i in range(start, start + n):
            for hub in (hub_a, hub_b):
                event = make_event(hub, slug=f"e-{hub.slug}-{i}",
                                   is_programme_event=hub == hub_a)
                checked_in(event, 1)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx)

    client.force_login(admin_user)
    add(1, 0)
    client.get(LIST)  # the session and caches warmed
    small = count()
    add(6, 1)
    assert count() == small


def test_a_programme_wide_workshop_stays_programme_wide_when_edited(client, admin_user, hub_a):
    client.force_login(admin_user)
    data = new_event_data(hub_a, kind=EventKind.WORKSHOP, slug="programme-workshop")
    assert client.post(CREATE, data).status_code == 302
    with scopes_disabled():
        event = Event.objects.get(slug="programme-workshop")
    edit = reverse("events_console:edit", kwargs={"hub_slug": hub_a.slug, "slug": event.slug})
    data = {k: v for k, v in data.items() if k != "host"}
    response = client.post(edit, {**data, "title": "Programme workshop, renamed"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Programme workshop, renamed"
    assert event.is_programme_event
