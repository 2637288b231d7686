"""Sessions are cached (cached_db, issue 20): signing a person out everywhere still signs
every browser out at once, cached copies included."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from creaconnect.accounts.services import end_all_sessions
from tests.factories import UserFactory


@pytest.mark.django_db
def test_sessions_are_cached_and_ending_them_signs_out_at_once(client):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    person = UserFactory()
    client.force_login(person)
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.count() == 1  # written through to the database too
    assert end_all_sessions(user=person) == 1
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "login" in response["Location"]
