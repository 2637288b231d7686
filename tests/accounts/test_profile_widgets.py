"""No Django default leaks on the profile form; the saved photo shows in the header."""

import pytest

from creaconnect.accounts.services import profile_for


@pytest.mark.django_db
def test_selects_offer_a_meaningful_empty_choice(client, participant):
    client.force_login(participant)
    body = client.get("/account/profile/").content.decode()
    assert "---------" not in body
    assert "Choose…" in body


@pytest.mark.django_db
def test_photo_is_previewed_with_remove_box_and_shown_in_the_header(client, participant):
    profile = profile_for(participant)
    profile.avatar.name = f"avatars/{participant.pk}/avatar.png"
    profile.save(update_fields=["avatar"])
    client.force_login(participant)
    body = client.get("/account/profile/").content.decode()
    assert "Currently:" not in body
    assert ">Clear<" not in body
    assert "Remove photo" in body
    assert body.count(f"avatars/{participant.pk}/avatar.png") >= 2  # header and the form
    header = client.get("/dashboard/").content.decode().split("</header>")[0]
    assert '<img class="avatar avatar-sm" src="' in header
