"""An event's title, description and venue notes in five languages: the public page in the
visitor's language (else the original), the confirmation e-mail in the recipient's, and the
staff's form validating a translation like the original."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from creaconnect.notifications.models import Notification
from events import services
from events.models import Event
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

NOTES = "Step-free entrance on the canal side; tram 3."


@pytest.fixture
def event(hub_a):
    return make_event(hub_a, slug="demo-day", title="Demo day", venue_notes=NOTES,
                      translations={"fr": {"title": "Journée démo",
                                           "venue_notes": "Entrée de plain-pied côté canal."},
                                    "sr-latn": {"venue_notes": "Ulaz bez stepenica."}})


def detail(client, event, language):
    with translation.override(language):
        return client.get(reverse("events:detail", kwargs={"slug": event.slug}))


def test_page_shows_venue_notes_in_the_visitors_language(client, event):
    fr = detail(client, event, "fr").content.decode()
    assert "Journée démo" in fr
    assert "Entrée de plain-pied côté canal." in fr
    sr = detail(client, event, "sr-latn").content.decode()
    assert "Ulaz bez stepenica." in sr
    assert "Demo day" in sr  # no Serbian title: the original
    it = detail(client, event, "it").content.decode()
    assert NOTES in it


def test_confirmation_mail_carries_the_notes_in_the_recipients_language(event, participant):
    participant.preferred_language = "fr"
    participant.save()
    with scope(hub=event.hub):
        services.register(event=event, actor=participant)
    with scopes_disabled():
        mail = Notification.objects.get(kind="event.registered", recipient=participant)
    assert mail.context["event"] == "Journée démo"
    assert mail.context["access"] == "Entrée de plain-pied côté canal."


def test_form_validates_venue_notes_translation_like_the_original(client, hub_a, staff_a,
                                                                  event):
    client.force_login(staff_a)
    url = reverse("events_console:edit", kwargs={"hub_slug": hub_a.slug, "slug": event.slug})
    form = client.get(url).context["form"]
    assert "tr_it_venue_notes" in form.fields
    data = {name: form[name].value() for name in form.fields
            if form[name].value() is not None}
    data.update({name: getattr(event, name).astimezone(event.tz).strftime("%Y-%m-%dT%H:%M")
                 for name in ("starts_at", "ends_at", "registration_opens",
                              "registration_closes")})
    data["tr_it_venue_notes"] = "n" * 1001
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["tr_it_venue_notes"]
    data["tr_it_venue_notes"] = "Ingresso senza gradini."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        saved = Event.objects.get(pk=event.pk).translations
    assert saved["it"] == {"venue_notes": "Ingresso senza gradini."}
    assert saved["fr"]["title"] == "Journée démo"
