"""Express interest: delivered to the team with the visitor's address, never the reverse;
honeypot and rate limits."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import render
from showcase import services
from showcase.models import InterestMessage, ProjectState

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {"name": "Vera Visitor", "organisation": "Theatre X",
            "email": "vera@visitor.example", "kind": "venue",
            "message": "We would love to host you."}
    data.update(overrides)
    return data


@pytest.fixture
def project(hub_a, make_project):
    return make_project(hub_a, members=2, title="Loved project")


def url(project):
    return reverse("showcase:interest", kwargs={"slug": project.slug})


def test_interest_reaches_every_member_with_the_visitors_address(client, project):
    response = client.post(url(project), form(), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your message was sent" in html
    with scopes_disabled():
        team = list(project.members.select_related("user"))
    for m in team:
        assert m.user.email not in html  # the visitor never sees a team address
        n = Notification.objects.get(recipient=m.user, kind="showcase.interest")
        assert n.context["visitor_email"] == "vera@visitor.example"
        subject, text, _html = render(n)
        assert "Vera Visitor" in subject
        assert "vera@visitor.example" in text
        assert "We would love to host you." in text
        assert all(other.user.email not in text for other in team if other != m)
    assert InterestMessage.objects.model.objects is not None


def test_htmx_interest_returns_the_fragment(client, project):
    response = client.post(url(project), form(), headers={"HX-Request": "true",
                                                           "HX-Target": "interest"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Thank you" in body
    bad = client.post(url(project), form(email="nope"), headers={"HX-Request": "true",
                                                                  "HX-Target": "interest"})
    # htmx only swaps 2xx answers, so the fragment with its errors comes back as 200.
    assert bad.status_code == 200
    assert "valid email" in bad.content.decode()
    assert not Notification.objects.filter(kind="showcase.interest",
                                           context__visitor_email="nope").exists()


def test_bad_input_gives_form_errors_not_500(client, project):
    response = client.post(url(project), form(email="not-an-email", kind="bribe", message=""))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Select a valid choice" in html
    assert not Notification.objects.filter(kind="showcase.interest").exists()


def test_honeypot_pretends_success_but_sends_nothing(client, project):
    response = client.post(url(project), form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Notification.objects.filter(kind="showcase.interest").exists()
    with scopes_disabled():
        assert not InterestMessage.objects.exists()


def test_rate_limit_per_address(client, project, monkeypatch):
    limit = services.INTEREST_LIMIT_PER_EMAIL[0]
    for _ in range(limit):
        assert client.post(url(project), form()).status_code == 302
    response = client.post(url(project), form(email="VERA@visitor.example"))
    assert response.status_code == 429
    assert "try again" in response.content.decode()
    # Another address from another IP is fine.
    assert client.post(url(project), form(email="other@visitor.example"),
                       REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rate_limit_per_ip(client, project):
    limit = services.INTEREST_LIMIT_PER_IP[0]
    for i in range(limit):
        assert client.post(url(project), form(email=f"v{i}@visitor.example"),
                           REMOTE_ADDR="10.1.1.1").status_code == 302
    response = client.post(url(project), form(email="fresh@visitor.example"),
                           REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429


def test_no_interest_for_hidden_projects(client, hub_a, make_project):
    draft = make_project(hub_a, state=ProjectState.DRAFT)
    assert client.post(url(draft), form()).status_code == 404
    assert client.get(url(draft)).status_code in (404, 405)


def test_forwarded_for_headers_do_not_escape_the_ip_limit(client, project):
    limit = services.INTEREST_LIMIT_PER_IP[0]
    for i in range(limit):
        client.post(url(project), form(email=f"w{i}@visitor.example"), REMOTE_ADDR="10.2.2.2",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = client.post(url(project), form(email="z@visitor.example"),
                           REMOTE_ADDR="10.2.2.2", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429
