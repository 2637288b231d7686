import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from creaconnect.accounts.models import ConsentRecord


@pytest.mark.django_db
def test_signup_verification_login(client, settings):
    response = client.post("/accounts/signup/", {
        "display_name": "Ana Petrović", "email": "ana@example.org",
        "password1": "a-Long-pass-2026!", "password2": "a-Long-pass-2026!", "accept_terms": "on",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    assert user.display_name == "Ana Petrović"
    consents = set(ConsentRecord.objects.filter(user=user).values_list("kind", "version"))
    assert ("terms", settings.TERMS_VERSION) in consents
    assert ("privacy", settings.PRIVACY_VERSION) in consents

    # Verification is mandatory: no login before the link is followed.
    client.logout()
    response = client.post("/accounts/login/", {"login": "ana@example.org",
                                                "password": "a-Long-pass-2026!"})
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302

    client.logout()
    response = client.post("/accounts/login/", {"login": "ana@example.org",
                                                "password": "a-Long-pass-2026!"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_signup_without_consent_is_refused_with_a_message(client):
    response = client.post("/accounts/signup/", {
        "display_name": "No Consent", "email": "nc@example.org",
        "password1": "a-Long-pass-2026!", "password2": "a-Long-pass-2026!",
    })
    assert response.status_code == 200
    assert "Please accept the terms of use" in response.content.decode()
    assert not get_user_model().objects.filter(email="nc@example.org").exists()


@pytest.mark.django_db
def test_login_is_rate_limited(client, participant):
    pages = [client.post("/accounts/login/", {"login": participant.email,
                                              "password": "wrong"}).content.decode()
             for _ in range(7)]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused while the limit holds.
    client.post("/accounts/login/", {"login": participant.email, "password": "Test-password-2026"})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_sends_a_security_notice(client, participant):
    from creaconnect.notifications.models import Notification

    client.force_login(participant)
    response = client.post("/accounts/password/change/", {
        "oldpassword": "Test-password-2026", "password1": "An0ther-long-pass!",
        "password2": "An0ther-long-pass!"})
    assert response.status_code == 302
    note = Notification.objects.get(recipient=participant, kind="account.security")
    assert note.context["title"] == "Your password was changed"
