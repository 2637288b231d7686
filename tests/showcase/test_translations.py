"""A showcase project's title, tagline and story in five languages: the public page in the
visitor's language (else the original), the open-data API with ``?lang=``, and the console
form, which validates and cleans a translation like the original."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from showcase.models import ShowcaseProject

pytestmark = pytest.mark.django_db

TRANSLATED = {"fr": {"title": "Métier à tisser solaire", "tagline": "Tisser au soleil.",
                     "story": "<p>Une histoire de lumière.</p>"},
              "sr-latn": {"title": "Solarni razboj"}}


@pytest.fixture
def project(hub_a, make_project):
    with scope(hub=hub_a):
        return make_project(hub_a, title="Solar loom", slug="solar-loom",
                            tagline="Weaving with the sun.",
                            story="<p>A story of light.</p>", translations=TRANSLATED)


def page(client, project, language):
    with translation.override(language):
        return client.get(reverse("showcase:project", kwargs={"slug": project.slug}))


def test_public_page_in_the_visitors_language_else_the_original(client, project):
    fr = page(client, project, "fr").content.decode()
    assert "Métier à tisser solaire" in fr
    assert "Tisser au soleil." in fr
    assert "Une histoire de lumière." in fr
    sr = page(client, project, "sr-latn").content.decode()
    assert "Solarni razboj" in sr
    assert "Weaving with the sun." in sr  # no Serbian tagline: the original
    assert "A story of light." in sr
    es = page(client, project, "es").content.decode()
    assert "Solar loom" in es
    assert "Métier" not in es
    with translation.override("fr"):
        gallery = client.get(reverse("showcase:gallery")).content.decode()
    assert "Métier à tisser solaire" in gallery


def test_api_lang_parameter(client, project):
    original = client.get("/api/v1/projects/solar-loom").json()
    assert original["title"] == "Solar loom"
    fr = client.get("/api/v1/projects/solar-loom", {"lang": "fr"}).json()
    assert (fr["title"], fr["tagline"]) == ("Métier à tisser solaire", "Tisser au soleil.")
    assert "Une histoire de lumière." in fr["story_html"]
    sr = client.get("/api/v1/projects/solar-loom", {"lang": "sr-latn"}).json()
    assert (sr["title"], sr["tagline"]) == ("Solarni razboj", "Weaving with the sun.")
    listing = client.get("/api/v1/projects", {"lang": "fr"}).json()["results"]
    assert [p["title"] for p in listing] == ["Métier à tisser solaire"]
    assert client.get("/api/v1/projects")["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/projects").json()["results"][0]["title"] == "Solar loom"
    bad = client.get("/api/v1/projects", {"lang": "de"})
    assert bad.status_code == 422  # only the site's languages; a clear error, not a 500
    assert client.get("/api/v1/projects/solar-loom", {"lang": "xx"}).status_code == 422


def test_console_form_validates_and_cleans_translations(client, hub_a, staff_a, project):
    client.force_login(staff_a)
    url = reverse("showcase_console:edit", kwargs={"hub_slug": hub_a.slug, "pk": project.pk})
    form = client.get(url).content.decode()
    assert 'name="tr_fr_story"' in form
    assert 'value="Métier à tisser solaire"' in form  # the saved translation, to edit
    data = {"title": "Solar loom", "slug": "solar-loom", "tagline": "Weaving with the sun.",
            "story": "<p>A story of light.</p>", "theme": "urban", "stage": "prototype",
            "countries": ["FR"], "disciplines": ["design"], "looking_for": ["venues"],
            "video_url": "", "website": "", "cover_alt": "", "source_label": "",
            "tr_it_title": "Telaio solare", "tr_it_tagline": "t" * 201,
            "tr_it_story": "Luce <script>alert(1)</script>"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors["tr_it_tagline"]
    assert 'value="Telaio solare"' in response.content.decode()
    with scopes_disabled():
        assert ShowcaseProject.objects.get(pk=project.pk).translations == TRANSLATED
    response = client.post(url, {**data, "tr_it_tagline": "Tessere col sole."})
    assert response.status_code == 302
    with scopes_disabled():
        saved = ShowcaseProject.objects.get(pk=project.pk).translations
    assert saved["it"]["title"] == "Telaio solare"
    assert "<script>" not in saved["it"]["story"]  # cleaned like the original story
    assert "Luce" in saved["it"]["story"]
    assert "fr" not in saved  # the French inputs were not sent: emptied means removed


def test_gallery_in_french_costs_the_same_queries_at_two_sizes(client, hub_a, make_project):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def french_gallery():
        cache.clear()
        with translation.override("fr"), CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("showcase:gallery")).content.decode()
        return len(queries), body.count("(fr)")

    for i in range(2):
        make_project(hub_a, translations={"fr": {"title": f"Projet {i} (fr)"}})
    small = french_gallery()
    for i in range(2, 12):
        make_project(hub_a, translations={"fr": {"title": f"Projet {i} (fr)"}})
    large = french_gallery()
    assert (small[1], large[1]) == (2, 12)
    assert small[0] == large[0]
