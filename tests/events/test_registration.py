"""Registering, the waiting list, cancelling, and the confirmation e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scope, scopes_disabled

from creaconnect.core.models import AuditEntry
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import deliver
from events import services
from events.models import Registration, RegistrationStatus
from tests.events.conftest import add_registration, make_event
from tests.factories import UserFactory

S = RegistrationStatus


def test_register_takes_a_place_and_writes_the_confirmation(client, event):
    me = UserFactory(preferred_language="fr")
    client.force_login(me)
    response = client.post(reverse("events:register", kwargs={"slug": event.slug}), {
        "organisation": "Atelier Nord", "country": "BE", "q0": "Step-free access", "q1": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("events:ticket", kwargs={"slug": event.slug}))
    with scope(hub=event.hub):
        registration = Registration.objects.get(event=event, user=me)
    assert registration.status == S.REGISTERED
    assert registration.answers[0] == {"question": "Accessibility needs",
                                       "answer": "Step-free access"}
    note = Notification.objects.get(recipient=me, kind="event.registered")
    assert note.language == "fr"
    assert note.context["registration"] == registration.pk
    assert AuditEntry.objects.filter(action="event.registered").count() == 1


def test_confirmation_email_has_text_html_calendar_and_qr_in_the_persons_language(event):
    me = UserFactory(preferred_language="fr", display_name="Léa O'Brien")
    registration = services.register(event=event, actor=me, organisation="Nord",
                                     country="BE")
    note = Notification.objects.get(recipient=me, kind="event.registered")
    mail.outbox.clear()
    deliver(note)
    message = mail.outbox[0]
    # The texts' French catalogue is filled by the translators; the date is already French,
    # in the event's own time zone, named.
    with translation.override("fr"):
        day = date_format(timezone.localtime(event.starts_at, event.tz), "DATE_FORMAT")
    assert day in message.body
    assert timezone.localtime(event.starts_at, event.tz).tzname() in \
        message.body
    assert "/fr/" in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    ics, ics_type = names[f"{event.slug}.ics"]
    assert ics_type.startswith("text/calendar")
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VTIMEZONE" in text
    assert "TZID=Europe/Brussels" in text
    assert "DTSTART;TZID=Europe/Brussels:" in text
    png, png_type = names[f"{event.slug}-ticket.png"]
    assert png_type == "image/png"
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert registration.ticket_token.startswith(f"{registration.pk}.")


def test_waiting_list_when_full_and_promotion_with_email_on_cancel(client, hub_a):
    event = make_event(hub_a, capacity=2)
    first, second, third, fourth = (UserFactory() for _ in range(4))
    for person in (first, second, third, fourth):
        services.register(event=event, actor=person)
    with scope(hub=hub_a):
        statuses = dict(Registration.objects.filter(event=event)
                        .values_list("user_id", "status"))
    assert statuses == {first.pk: S.REGISTERED, second.pk: S.REGISTERED,
                        third.pk: S.WAITLISTED, fourth.pk: S.WAITLISTED}
    waiting_note = Notification.objects.get(recipient=third, kind="event.registered")
    assert waiting_note.context["waitlisted"] is True

    client.force_login(first)
    url = reverse("events:cancel", kwargs={"slug": event.slug})
    page = client.post(url)  # the confirmation step changes nothing
    assert page.status_code == 200
    assert b"confirmed" in page.content
    with scope(hub=hub_a):
        assert Registration.objects.get(event=event, user=first).status == S.REGISTERED
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    with scope(hub=hub_a):
        assert Registration.objects.get(event=event, user=first).status == S.CANCELLED
        assert Registration.objects.get(event=event, user=third).status == S.REGISTERED
        assert Registration.objects.get(event=event, user=fourth).status == S.WAITLISTED
    promoted = Notification.objects.get(recipient=third, kind="event.promoted")
    assert promoted.context["registration"]
    assert not Notification.objects.filter(recipient=fourth, kind="event.promoted").exists()


def test_registration_refused_when_closed_or_draft_or_twice(hub_a):
    event = make_event(hub_a, slug="later")
    me = UserFactory()
    services.register(event=event, actor=me)
    with pytest.raises(services.EventError, match="already registered"):
        services.register(event=event, actor=me)
    draft = make_event(hub_a, slug="draft", state="draft")
    with pytest.raises(services.EventError, match="not open"):
        services.register(event=draft, actor=me)
    over = make_event(hub_a, slug="over", starts_in=-timedelta(days=2))
    with pytest.raises(services.EventError, match="not open"):
        services.register(event=over, actor=me)


def test_cancelled_person_may_register_again_with_a_new_ticket(event):
    me = UserFactory()
    first = services.register(event=event, actor=me)
    old_token = first.ticket_token
    services.cancel_registration(registration=first, actor=me)
    again = services.register(event=event, actor=me)
    assert again.pk == first.pk
    assert again.status == S.REGISTERED
    assert again.ticket_token != old_token


def test_adding_places_moves_the_waiting_list_up(client, hub_a, staff_a):
    event = make_event(hub_a, capacity=1)
    services.register(event=event, actor=UserFactory())
    waiting = UserFactory()
    services.register(event=event, actor=waiting)
    services.promote_from_waitlist(event=event, actor=staff_a)  # still full: nobody moves
    with scopes_disabled():
        assert Registration.objects.get(user=waiting).status == S.WAITLISTED
        event.capacity = 2
        event.save()
    services.promote_from_waitlist(event=event, actor=staff_a)
    with scopes_disabled():
        assert Registration.objects.get(user=waiting).status == S.REGISTERED


def test_required_question_must_be_answered(client, hub_a):
    event = make_event(hub_a, questions=[{"label": "Dietary requirements", "required": True}])
    client.force_login(UserFactory())
    url = reverse("events:register", kwargs={"slug": event.slug})
    response = client.post(url, {"organisation": "", "country": "", "q0": ""})
    assert response.status_code == 422
    with scope(hub=hub_a):
        assert not Registration.objects.filter(event=event).exists()


def test_anonymous_is_sent_to_sign_in_and_ticket_is_only_ones_own(client, event):
    for name in ("register", "ticket", "calendar"):
        response = client.get(reverse(f"events:{name}", kwargs={"slug": event.slug}))
        assert response.status_code == 302, name
        assert "login" in response["Location"], name
    owner = add_registration(event)
    client.force_login(UserFactory())
    assert client.get(reverse("events:ticket", kwargs={"slug": event.slug})).status_code == 404
    client.force_login(owner.user)
    page = client.get(reverse("events:ticket", kwargs={"slug": event.slug}))
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert owner.ticket_token.encode() in page.content
    ics = client.get(reverse("events:calendar", kwargs={"slug": event.slug}))
    assert ics["Content-Type"].startswith("text/calendar")


def test_draft_event_is_not_public(client, hub_a):
    draft = make_event(hub_a, slug="secret", state="draft")
    assert client.get(reverse("events:detail", kwargs={"slug": draft.slug})).status_code == 404
    assert b"secret" not in client.get(reverse("events:list")).content
