"""An outbox row opens: the message as sent (subject, text, HTML in a sandboxed frame), in
the recipient's language; hub staff see only their hub's rows, others get 404."""

import pytest
from django.urls import reverse

from creaconnect.notifications import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "hub.staff_role_changed"


def row(hub, *, language="en", email="x@example.org"):
    user = UserFactory(email=email)
    n = services.notify(user=user, kind=KIND, hub=hub,
                        context={"hub": "Hub Alpha", "role": "Editor d'été"})
    n.language = language
    n.save(update_fields=["language"])
    return n


def hub_url(name, hub, n):
    return reverse(f"hub_notifications:{name}", kwargs={"hub_slug": hub.slug, "pk": n.pk})


def test_hub_staff_open_their_row_with_text_and_sandboxed_html(client, staff_a, hub_a):
    n = row(hub_a)
    client.force_login(staff_a)
    listing = client.get(reverse("hub_notifications:hub_outbox",
                                 kwargs={"hub_slug": hub_a.slug})).content.decode()
    assert hub_url("hub_outbox_message", hub_a, n) in listing
    response = client.get(hub_url("hub_outbox_message", hub_a, n))
    body = response.content.decode()
    subject, text, _html = services.render(n)
    assert response.status_code == 200
    # The text part is plain text: escaped once in the page (never trusted as HTML).
    assert subject in body
    assert "Editor d&#x27;été" in body
    assert "<iframe" in body
    assert " sandbox " in body
    html = client.get(hub_url("hub_outbox_html", hub_a, n))
    assert html.status_code == 200
    assert b"<html" in html.content.lower()
    assert "sandbox" in html["Content-Security-Policy"]
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_other_hubs_row_is_404(client, staff_a, hub_a, hub_b):
    theirs = row(hub_b)
    client.force_login(staff_a)
    assert client.get(hub_url("hub_outbox_message", hub_a, theirs)).status_code == 404
    assert client.get(hub_url("hub_outbox_html", hub_a, theirs)).status_code == 404


def test_programme_detail_is_for_programme_admins(client, staff_a, admin_user, hub_b):
    n = row(hub_b)
    url = reverse("notifications:outbox_message", kwargs={"pk": n.pk})
    client.force_login(staff_a)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_shown_in_the_recipients_language(client, admin_user, hub_a):
    n = row(hub_a, language="fr")
    client.force_login(admin_user)
    body = client.get(reverse("notifications:outbox_message", kwargs={"pk": n.pk})
                      ).content.decode()
    assert 'lang="fr"' in body
    with_fr = services.render(n)[0]
    assert with_fr in body
