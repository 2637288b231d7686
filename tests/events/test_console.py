"""The hub console of events: another hub's event or registration is a 404, staff only,
the forms, the registrations table, the exports, and check-in at the door."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone
from django_scopes import scope

from creaconnect.core.models import AuditEntry
from events import services
from events import urls as event_urls
from events.models import Event, EventState, Registration, RegistrationStatus
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory

S = RegistrationStatus


def console_urls(hub, event, registration_pk=1):
    urls = []
    for p in event_urls.console_urlpatterns:
        assert isinstance(p, URLPattern)
        kwargs = {"hub_slug": hub.slug}
        route = str(p.pattern)
        if "<slug:slug>" in route:
            kwargs["slug"] = event.slug
        if "<int:pk>" in route:
            kwargs["pk"] = registration_pk
        if "<str:what>" in route:
            kwargs["what"] = "attendance"
        urls.append(reverse(f"events_console:{p.name}", kwargs=kwargs))
    return urls


def test_other_hubs_event_and_registration_are_404_on_every_console_url(
        client, hub_a, hub_b, staff_a, staff_b):
    theirs = make_event(hub_b, slug="theirs")
    their_registration = add_registration(theirs)
    client.force_login(staff_a)
    checked = 0
    # Hub B's event under hub A's console (the scope and the explicit filter) ...
    for url in console_urls(hub_a, theirs, their_registration.pk):
        if "theirs" not in url:
            continue
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 404, (url, method)
            checked += 1
    # ... and hub B's console itself.
    for url in console_urls(hub_b, theirs, their_registration.pk):
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code == 404, (url, method)
            checked += 1
    assert checked >= 40
    with scope(hub=hub_b):
        registration = Registration.objects.get(pk=their_registration.pk)
    assert registration.status == S.REGISTERED
    assert registration.checked_in_at is None


def test_registration_of_another_event_is_404_inside_ones_own_event(client, hub_a, hub_b,
                                                                     staff_a):
    mine = make_event(hub_a, slug="mine")
    other = make_event(hub_b, slug="other")
    theirs = add_registration(other)
    client.force_login(staff_a)
    for name in ("check_in_person", "undo_check_in", "cancel_registration"):
        url = reverse(f"events_console:{name}", kwargs={"hub_slug": hub_a.slug,
                                                        "slug": mine.slug, "pk": theirs.pk})
        assert client.post(url, {"confirmed": "1"}).status_code == 404, name


def test_anonymous_and_participant_and_other_staff_cannot_use_the_console(
        client, hub_a, staff_b, event):
    urls = [u for u in console_urls(hub_a, event) if not u.endswith("/new/")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
    for person in (UserFactory(), staff_b):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, url


def test_staff_and_programme_admin_see_every_console_page(client, hub_a, staff_a,
                                                          admin_user, event):
    registration = add_registration(event)
    for person in (staff_a, admin_user):
        client.force_login(person)
        for name in ("list", "create"):
            url = reverse(f"events_console:{name}", kwargs={"hub_slug": hub_a.slug})
            assert client.get(url).status_code == 200, url
        for name in ("detail", "edit", "registrations", "check_in"):
            url = reverse(f"events_console:{name}", kwargs={"hub_slug": hub_a.slug,
                                                            "slug": event.slug})
            assert client.get(url).status_code == 200, url
    assert registration.pk


def event_form(**over):
    data = {"title": "Repair café evening", "slug": "repair-cafe", "kind": "workshop",
            "description": "Bring something broken.", "venue": "Hall 2", "address": "",
            "city": "Marseille", "online_url": "", "time_zone": "Europe/Paris",
            "starts_at": "2027-03-12T18:00", "ends_at": "2027-03-12T21:00", "capacity": "30",
            "registration_opens": "2026-12-01T09:00", "registration_closes": "2027-03-12T12:00",
            "questions_text": "Accessibility needs\nDietary requirements *"}
    data.update(over)
    return data


def test_staff_create_an_event_in_its_own_time_zone_then_publish(client, hub_a, staff_a):
    client.force_login(staff_a)
    url = reverse("events_console:create", kwargs={"hub_slug": hub_a.slug})
    response = client.post(url, event_form())
    assert response.status_code == 302
    with scope(hub=hub_a):
        event = Event.objects.get(slug="repair-cafe")
    assert event.state == EventState.DRAFT
    assert timezone.localtime(event.starts_at, event.tz).hour == 18
    assert event.starts_at.utcoffset() is not None
    assert event.questions == [{"label": "Accessibility needs", "required": False},
                               {"label": "Dietary requirements", "required": True}]
    publish = reverse("events_console:publish", kwargs={"hub_slug": hub_a.slug,
                                                        "slug": event.slug})
    assert client.get(publish).status_code == 405  # GET changes nothing
    client.post(publish)
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED
    unpublish = reverse("events_console:unpublish", kwargs={"hub_slug": hub_a.slug,
                                                            "slug": event.slug})
    assert client.post(unpublish).status_code == 200  # the confirmation page
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED
    client.post(unpublish, {"confirmed": "1"})
    event.refresh_from_db()
    assert event.state == EventState.DRAFT


@pytest.mark.parametrize(("field", "value"), [
    ("ends_at", "2027-03-12T17:00"), ("registration_closes", "2027-03-13T12:00"),
    ("venue", ""), ("slug", "taken-elsewhere"), ("capacity", "0"),
    ("questions_text", "\n".join(f"Q{i}" for i in range(9))),
])
def test_event_form_refuses_bad_input_with_a_message(client, hub_a, hub_b, staff_a, field,
                                                     value):
    make_event(hub_b, slug="taken-elsewhere")
    client.force_login(staff_a)
    url = reverse("events_console:create", kwargs={"hub_slug": hub_a.slug})
    response = client.post(url, event_form(**{field: value}))
    assert response.status_code == 422
    assert b'class="error"' in response.content


def test_hub_staff_cannot_make_a_programme_event(client, hub_a, staff_a):
    client.force_login(staff_a)
    url = reverse("events_console:create", kwargs={"hub_slug": hub_a.slug})
    response = client.post(url, event_form(kind="final"))
    assert response.status_code == 422
    with scope(hub=hub_a):
        assert not Event.objects.filter(slug="repair-cafe").exists()


def test_programme_admin_makes_the_final_event(client, hub_a, admin_user):
    client.force_login(admin_user)
    url = reverse("events_console:create", kwargs={"hub_slug": hub_a.slug})
    assert client.post(url, event_form(kind="final")).status_code == 302
    with scope(hub=hub_a):
        assert Event.objects.get(slug="repair-cafe").is_programme_event


def test_check_in_is_set_once_and_a_retry_changes_nothing(client, hub_a, staff_a, event):
    registration = add_registration(event)
    client.force_login(staff_a)
    url = reverse("events_console:check_in_person", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug, "pk": registration.pk})
    assert client.get(url).status_code == 405
    first = client.post(url, follow=True)
    registration.refresh_from_db()
    moment = registration.checked_in_at
    assert moment is not None
    assert registration.checked_in_by == staff_a
    assert "is checked in" in first.content.decode()
    second = client.post(url, follow=True)  # the same request again (a slow network)
    registration.refresh_from_db()
    assert registration.checked_in_at == moment
    assert "already checked in" in second.content.decode()
    assert AuditEntry.objects.filter(action="event.checked_in").count() == 1
    page = client.get(reverse("events_console:check_in", kwargs={"hub_slug": hub_a.slug,
                                                                 "slug": event.slug}))
    assert page["Permissions-Policy"].startswith("camera=(self)")


def test_check_in_by_scanned_token_only_for_this_event(client, hub_a, staff_a, event):
    registration = add_registration(event)
    other_event = make_event(hub_a, slug="other-evening")
    stranger = add_registration(other_event)
    client.force_login(staff_a)
    url = reverse("events_console:check_in_token", kwargs={"hub_slug": hub_a.slug,
                                                          "slug": event.slug})
    forged = f"{registration.pk}.{registration.ticket_key}:forged-signature"
    for token in (forged, str(registration.pk), stranger.ticket_token, ""):
        response = client.post(url, {"token": token}, follow=True)
        assert "not a ticket for this event" in response.content.decode(), token
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    client.post(url, {"token": registration.ticket_token})
    client.post(url, {"token": registration.ticket_token})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_waiting_list_person_cannot_check_in_and_undo_needs_confirmation(client, hub_a,
                                                                         staff_a, event):
    waiting = add_registration(event, status=S.WAITLISTED)
    with pytest.raises(services.EventError, match="no place"):
        services.check_in(registration=waiting, actor=staff_a)
    present = add_registration(event)
    services.check_in(registration=present, actor=staff_a)
    client.force_login(staff_a)
    url = reverse("events_console:undo_check_in", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug, "pk": present.pk})
    assert client.post(url).status_code == 200
    present.refresh_from_db()
    assert present.checked_in_at is not None
    client.post(url, {"confirmed": "1"})
    present.refresh_from_db()
    assert present.checked_in_at is None


def test_search_by_name_finds_accents_and_shows_counts(client, hub_a, staff_a, event):
    add_registration(event, UserFactory(display_name="Léa Dubois"))
    add_registration(event, UserFactory(display_name="Marco Rossi"))
    add_registration(event, UserFactory(display_name="Lea Cancelled"), status=S.CANCELLED)
    client.force_login(staff_a)
    url = reverse("events_console:check_in", kwargs={"hub_slug": hub_a.slug,
                                                     "slug": event.slug})
    page = client.get(url, {"q": "lea"}).content.decode()
    assert "Léa Dubois" in page
    assert "Marco Rossi" not in page
    assert "Lea Cancelled" not in page
    assert "2 / 10" in page  # registered / places
    partial = client.get(url, {"q": "ross", "partial": "results"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Marco Rossi" in partial.content.decode()


def test_staff_cancel_moves_the_waiting_list_up(client, hub_a, staff_a):
    event = make_event(hub_a, capacity=1)
    placed = add_registration(event)
    waiting = add_registration(event, status=S.WAITLISTED)
    client.force_login(staff_a)
    url = reverse("events_console:cancel_registration", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug, "pk": placed.pk})
    client.post(url, {"confirmed": "1"})
    waiting.refresh_from_db()
    assert waiting.status == S.REGISTERED


def test_csv_exports_neutralise_formulas_and_are_audited(client, hub_a, staff_a, event):
    add_registration(event, UserFactory(display_name="=HYPERLINK(1)"), organisation="Nord",
                     country="FR", answers=[{"question": "Accessibility needs",
                                             "answer": "Wheelchair"}])
    late = add_registration(event, UserFactory(display_name="Ana Late"))
    services.check_in(registration=late, actor=staff_a)
    client.force_login(staff_a)
    for what in ("registrations", "attendance"):
        response = client.get(reverse("events_console:export", kwargs={
            "hub_slug": hub_a.slug, "slug": event.slug, "what": what}))
        assert response["Cache-Control"] == "private, no-store"
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][0] == "Name"
        names = [r[0] for r in rows[1:]]
        assert "'=HYPERLINK(1)" in names
    assert "Wheelchair" in client.get(reverse("events_console:export", kwargs={
        "hub_slug": hub_a.slug, "slug": event.slug, "what": "registrations"})).content.decode()
    bad = reverse("events_console:export", kwargs={"hub_slug": hub_a.slug,
                                                   "slug": event.slug, "what": "secrets"})
    assert client.get(bad).status_code == 404
    assert AuditEntry.objects.filter(action="event.exported").count() == 3


def test_cancelling_after_the_event_or_after_check_in_is_refused(hub_a, staff_a):
    past = make_event(hub_a, slug="past", starts_in=-timedelta(days=3))
    registration = add_registration(past)
    with pytest.raises(services.EventError, match="over"):
        services.cancel_registration(registration=registration, actor=registration.user)
    event = make_event(hub_a, slug="soon")
    present = add_registration(event)
    services.check_in(registration=present, actor=staff_a)
    with pytest.raises(services.EventError, match="checked in"):
        services.cancel_registration(registration=present, actor=staff_a)
