"""A person's time zone in their profile: grouped choices of named zones, the country's zone
before they choose, a clear error for a zone that does not exist."""

import pytest

from creaconnect.accounts.services import profile_for
from creaconnect.accounts.timezones import available_zones, zone_choices, zone_for
from tests.factories import ProfileFactory, UserFactory


def form_data(**extra):
    return {"user-display_name": "Ana", "user-preferred_language": "en",
            "profile-country": "PT", "profile-city": "Lisboa", "profile-bio": "",
            **extra}


def test_choices_are_named_zones_grouped_by_region():
    zones = available_zones()
    assert {"Europe/Belgrade", "Europe/Lisbon", "America/Argentina/Buenos_Aires", "UTC"} <= zones
    assert not {"US/Eastern", "Etc/GMT+3", "CET", "posix/Europe/Paris"} & zones
    groups = dict(zone_choices()[1:])
    assert ("Europe/Belgrade", "Belgrade") in groups["Europe"]


@pytest.mark.django_db
def test_zone_comes_from_the_profile_then_the_fallback_then_the_country():
    person = UserFactory()
    assert zone_for(person) == "Europe/Brussels"  # the platform's (no profile)
    ProfileFactory(user=person, country="RS")
    person.refresh_from_db()
    assert zone_for(person) == "Europe/Belgrade"
    assert zone_for(person, fallback="Europe/Lisbon") == "Europe/Lisbon"
    person.profile.time_zone = "America/New_York"
    assert zone_for(person, fallback="Europe/Lisbon") == "America/New_York"


@pytest.mark.django_db
def test_profile_page_saves_the_zone_and_refuses_an_unknown_one(client, participant):
    client.force_login(participant)
    page = client.get("/account/profile/")
    assert 'name="profile-time_zone"' in page.text
    assert "<optgroup" in page.text
    response = client.post("/account/profile/",
                           form_data(**{"profile-time_zone": "Mars/Olympus"}))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["time_zone"]
    response = client.post("/account/profile/",
                           form_data(**{"profile-time_zone": "Europe/Lisbon"}))
    assert response.status_code == 302
    assert profile_for(participant).time_zone == "Europe/Lisbon"


@pytest.mark.django_db
def test_the_zone_is_in_the_data_export_and_goes_on_erasure():
    from creaconnect.core.privacy import collect, erase

    person = UserFactory()
    ProfileFactory(user=person, time_zone="Europe/Lisbon")
    data, _files = collect(person)
    assert data["account"]["profile"]["time_zone"] == "Europe/Lisbon"
    erase(person)
    assert profile_for(person).time_zone == ""
