import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HubFactory

SLUGS = ["pali-pali", "b-creative", "la-friche", "pau", "lama", "nova-iskra"]


@pytest.mark.django_db
def test_home_and_hub_list_show_the_six_demo_hubs(client):
    call_command("seed_demo", verbosity=0)
    for url in ("/", "/hubs/"):
        html = client.get(url).content.decode()
        for slug in SLUGS:
            assert f"/hubs/{slug}/" in html
    page = client.get("/hubs/la-friche/")
    assert page.status_code == 200
    assert "Marseille" in page.content.decode()


@pytest.mark.django_db
def test_french_prefix_serves_french(client):
    HubFactory()
    html = client.get("/fr/hubs/").content.decode()
    assert '<html lang="fr">' in html


@pytest.mark.django_db
def test_hub_list_query_count_does_not_grow(client):
    HubFactory.create_batch(3)
    with CaptureQueriesContext(connection) as small:
        client.get("/hubs/")
    HubFactory.create_batch(30)
    with CaptureQueriesContext(connection) as large:
        client.get("/hubs/")
    assert len(small) == len(large)


@pytest.mark.django_db
def test_theme_css_gives_each_hub_a_readable_ink(client):
    HubFactory(slug="light", brand_colour="#fde68a")
    HubFactory(slug="dark", brand_colour="#1e3a8a")
    css = client.get("/hub-themes.css").content.decode()
    assert ".hub-light{--hub:#fde68a;--hub-ink:#111111;" in css
    assert ".hub-dark{--hub:#1e3a8a;--hub-ink:#ffffff;" in css
