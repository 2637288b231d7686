"""The expert pool: list with load, invitation end to end, profile edit."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creaconnect.core.models import AuditEntry
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import render
from hackathons.models import ExpertInvitation, ExpertProfile
from tests.factories import make_hackathon, make_judge

pytestmark = pytest.mark.django_db


def test_invite_accept_creates_account_and_profile(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("consortium:expert_invite"), {
        "email": "Lea.Expert@Example.org", "display_name": "Léa Expert", "country": "BE",
        "organisation": "Studio L", "expertise": "Game design, circular fashion"})
    assert response.status_code == 302
    invitation = ExpertInvitation.objects.get()
    assert invitation.email == "lea.expert@example.org"
    assert AuditEntry.objects.filter(action="expert.invited", actor=admin_user).exists()

    mail = Notification.objects.get(kind="hackathon.expert_invited")
    assert mail.email == "lea.expert@example.org"
    assert mail.recipient is None
    subject, text, _html = render(mail)
    assert "expert pool" in subject
    link = re.search(r"https?://\S+/judge/invitation/\S+/", text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert b"Create my account" in page.content
    response = client.post("/" + path, {
        "display_name": "Léa Expert", "password1": "A-long-secret-2026",
        "password2": "A-long-secret-2026", "accept_terms": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(email="lea.expert@example.org")
    profile = ExpertProfile.objects.get(user=user)
    assert profile.country == "BE"
    assert profile.expertise == ["game design", "circular fashion"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    # The link works once.
    client.logout()
    assert b"already been used" in client.get("/" + path).content


def test_existing_account_accepts_with_one_click(client, admin_user, participant):
    client.force_login(admin_user)
    client.post(reverse("consortium:expert_invite"), {"email": participant.email,
                                                     "country": "FR"})
    invitation = ExpertInvitation.objects.get()
    client.force_login(participant)
    url = reverse("hackathons:expert_invitation", kwargs={"token": invitation.token})
    assert client.post(url).status_code == 302
    assert ExpertProfile.objects.filter(user=participant).exists()


def test_invite_refused_for_an_expert(client, admin_user):
    judge = make_judge()
    client.force_login(admin_user)
    response = client.post(reverse("consortium:expert_invite"),
                           {"email": judge.email, "country": "FR"})
    assert response.status_code == 200
    assert b"already in the expert pool" in response.content
    assert not ExpertInvitation.objects.exists()


def test_edit_profile_is_audited(client, admin_user):
    judge = make_judge()
    profile = ExpertProfile.objects.get(user=judge)
    client.force_login(admin_user)
    url = reverse("consortium:expert_edit", kwargs={"pk": profile.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"country": "IT", "organisation": "Museo",
                                 "expertise": "heritage, ar", "languages": ["it", "en"],
                                 "availability": "limited", "declared_conflicts": "Museo team",
                                 "bio": "", "is_active": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.languages == ["it", "en"]
    assert profile.availability == "limited"
    entry = AuditEntry.objects.get(action="expert.updated")
    assert "languages" in entry.data["fields"]


def test_list_shows_load_in_fixed_queries(client, admin_user, hub_a):
    client.force_login(admin_user)
    hackathon = make_hackathon(hub_a)
    make_judge(hackathon)
    url = reverse("consortium:experts")
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert b"on 1 open panel" in response.content
    for _ in range(8):
        make_judge(hackathon)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
