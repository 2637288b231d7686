import io

import pytest
from PIL import Image

from creaconnect.accounts.services import profile_for


def png_bytes(size=(40, 40)):
    buf = io.BytesIO()
    Image.new("RGB", size, "#c2410c").save(buf, "PNG")
    buf.seek(0)
    buf.name = "me.png"
    return buf


def form_data(**extra):
    data = {"user-display_name": "Lucía", "user-preferred_language": "es",
            "profile-country": "ES", "profile-city": "Barcelona",
            "profile-organisation": "Taller", "profile-disciplines": ["design", "crafts"],
            "profile-skills": "prototyping, video editing", "profile-languages": ["es", "en"],
            "profile-gender": "", "profile-bio": "I make things."}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_profile_edit_saves_every_field_and_reencodes_avatar(client, participant):
    client.force_login(participant)
    response = client.post("/account/profile/", form_data(**{"profile-avatar": png_bytes()}))
    assert response.status_code == 302
    profile = profile_for(participant)
    participant.refresh_from_db()
    assert participant.preferred_language == "es"
    assert profile.disciplines == ["design", "crafts"]
    assert profile.skills == ["prototyping", "video editing"]
    assert profile.avatar.name.endswith(".png")
    assert profile.completeness == 100


@pytest.mark.django_db
def test_non_image_avatar_is_a_form_error(client, participant):
    client.force_login(participant)
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "avatar.png"
    response = client.post("/account/profile/", form_data(**{"profile-avatar": fake}))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["avatar"]
    assert not profile_for(participant).avatar
