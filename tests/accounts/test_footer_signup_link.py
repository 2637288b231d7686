"""The footer offers "Create an account" to visitors only, not to people already signed in."""

import pytest


@pytest.mark.django_db
def test_footer_offers_sign_up_to_visitors_only(client, participant):
    footer = client.get("/hubs/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert "/accounts/signup/" in footer
    client.force_login(participant)
    footer = client.get("/hubs/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert "/accounts/signup/" not in footer
