"""Every console form with a web address (slug) fills it from the title as it is typed, like
the call form: events, hackathons and showcase projects."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["events/new/", "hackathons/new/", "showcase/new/"])
def test_new_form_slug_follows_the_title(client, hub_a, staff_a, path):
    client.force_login(staff_a)
    page = client.get(f"/manage/{hub_a.slug}/{path}").content.decode()
    slug_input = next(tag for tag in page.split("<input") if 'name="slug"' in tag)
    assert 'data-slug-from="id_title"' in slug_input
    assert 'id="id_title"' in page
