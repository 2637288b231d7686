"""Showcase search covers title, summary, theme, challenge, hub, city and tags, accent-
insensitive, with stemming per language (issue: "regeneration", "régénération" and "urban"
found nothing in the theme "Regeneration of urban spaces")."""

import pytest
from django.conf import settings
from django.utils import translation
from django_scopes import scope, scopes_disabled

from creaconnect.accounts.choices import Discipline
from hackathons.models import Challenge, Submission
from showcase.models import ShowcaseProject, Theme
from showcase.queries import filter_projects, public_projects
from tests.factories import HubFactory, make_hackathon, make_submission, make_team

pytestmark = pytest.mark.django_db


def found(q):
    with scopes_disabled():
        return set(filter_projects(public_projects(), q=q).values_list("slug", flat=True))


@pytest.fixture
def urban(hub_a, make_project):
    """Two projects in the theme "Regeneration of urban spaces", one elsewhere."""
    return [make_project(hub_a, title="Courtyard commons", theme="urban"),
            make_project(hub_a, title="Green rooftops", theme="urban"),
            make_project(hub_a, title="Loom archive", theme="heritage")]


@pytest.mark.parametrize("query", ["regeneration", "régénération", "urban", "REGENERATING",
                                   "urban spaces"])
def test_the_three_queries_of_the_issue_find_the_theme(urban, query):
    assert found(query) == {urban[0].slug, urban[1].slug}


def test_theme_label_in_every_language(urban):
    """Each language's label of the theme finds it (as translated where the catalogue is
    compiled; English otherwise)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            label = str(Theme.URBAN.label)
        assert found(label) == {urban[0].slug, urban[1].slug}, (code, label)


@pytest.mark.parametrize(("title", "query"), [
    ("Patrimoine national", "nationaux"),     # French stem
    ("Ciudad abierta", "abiertos"),           # Spanish stem
    ("Giardino verde", "giardini"),           # Italian stem
    ("Running workshops", "runs"),            # English stem
])
def test_stemming_per_language(hub_a, make_project, title, query):
    p = make_project(hub_a, title=title)
    make_project(hub_a, title="Unrelated words")
    assert found(query) == {p.slug}


def test_title_and_summary(hub_a, make_project):
    title = make_project(hub_a, title="Ceramic bicycles")
    summary = make_project(hub_a, title="Other", tagline="Weaving with seaweed")
    assert found("bicycle") == {title.slug}  # English stem of the plural title
    assert found("seaweed") == {summary.slug}


def test_hub_and_city(make_project):
    hub = HubFactory(slug="novi", name="Kvaka Hub", city="Novi Sad")
    other = HubFactory(slug="else", name="Somewhere", city="Lyon")
    p = make_project(hub, title="One")
    make_project(other, title="Two")
    assert found("kvaka") == {p.slug}
    assert found("novi sad") == {p.slug}


def test_hub_rename_refreshes_the_search(make_project):
    hub = HubFactory(slug="ren", name="Old Name", city="Bari")
    p = make_project(hub, title="One")
    hub.name, hub.city = "Fabbrica Nuova", "Taranto"
    hub.save()
    assert found("fabbrica") == {p.slug}
    assert found("taranto") == {p.slug}
    assert found("bari") == set()


def test_tags(hub_a, make_project):
    p = make_project(hub_a, title="One", disciplines=["photography"], looking_for=["venues"])
    make_project(hub_a, title="Two")
    assert found("photography") == {p.slug}
    with translation.override("es"):
        assert found(str(Discipline.PHOTOGRAPHY.label)) == {p.slug}
    assert found("venues") == {p.slug}


def test_challenge_of_a_hackathon_project(hub_a, make_project):
    h = make_hackathon(hub_a, slug="ch")
    sub = make_submission(make_team(h))
    with scope(hub=hub_a):
        challenge = Challenge.objects.create(hackathon=h, title="Quiet neighbourhoods")
        Submission.objects.filter(pk=sub.pk).update(challenge=challenge)
    p = make_project(hub_a, title="One", from_submission_id=sub.pk,
                     source_label="Circular Futures — Team")
    make_project(hub_a, title="Two")
    assert found("neighbourhoods") == {p.slug}
    assert found("circular futures") == {p.slug}


def test_theme_change_through_save_updates_the_search(hub_a, make_project):
    p = make_project(hub_a, title="One", theme="climate")
    assert found("urban") == set()
    with scopes_disabled():
        project = ShowcaseProject.objects.get(pk=p.pk)
        project.theme = "urban"
        project.save(update_fields=["theme"])
    assert found("urban") == {p.slug}


def test_every_word_must_match(urban):
    assert found("urban courtyard") == {urban[0].slug}
