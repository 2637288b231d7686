"""The anonymous page cache (creaconnect.core.cache): hits, invalidation per language, no
leaks to or from signed-in users, working CSRF tokens on cached pages."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from creaconnect.core import cache as page_cache
from showcase.models import ConsentState, CreditedMember, ProjectState, ShowcaseProject
from tests.factories import UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # every request checks Redis: deterministic
    page_cache._forget_local()


@pytest.fixture
def project(hub_a):
    with scopes_disabled():
        p = ShowcaseProject.objects.create(
            hub=hub_a, state=ProjectState.PUBLISHED, published_at=timezone.now(),
            title="Tidal Loom", slug="tidal-loom", tagline="Weaving with the sea",
            theme="climate", stage="idea")
        CreditedMember.objects.create(project=p, user=UserFactory(), display_name="Ana Rossi",
                                      order=0, consent=ConsentState.APPROVED)
    return p


def test_second_anonymous_visit_is_served_from_the_cache(project):
    client = Client()
    first = client.get("/showcase/")
    second = Client().get("/showcase/")
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert b"Tidal Loom" in second.content


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_a_cached_page_changes_when_the_project_changes_in_every_language(project, prefix):
    Client().get(f"{prefix}/showcase/")
    other = "/fr" if not prefix else ""
    Client().get(f"{other}/showcase/")
    assert Client().get(f"{prefix}/showcase/")["X-Page-Cache"] == "hit"
    with scopes_disabled():
        project.title = "Salt Weaver"
        project.save()
    for path in (f"{prefix}/showcase/", f"{other}/showcase/"):
        fresh = Client().get(path)
        assert "X-Page-Cache" not in fresh, path
        assert b"Salt Weaver" in fresh.content
        assert b"Tidal Loom" not in fresh.content


def test_languages_are_cached_separately(project):
    Client().get("/showcase/")
    french = Client().get("/fr/showcase/")
    assert "X-Page-Cache" not in french  # not the English copy
    assert french["Content-Language"] == "fr"
    assert Client().get("/fr/showcase/")["Content-Language"] == "fr"


def test_query_strings_are_cached_separately(project):
    Client().get("/showcase/")
    filtered = Client().get("/showcase/?q=nothing-matches-this")
    assert "X-Page-Cache" not in filtered
    assert b"Tidal Loom" not in filtered.content


def test_a_hub_change_invalidates_the_home_page(hub_a):
    Client().get("/")
    assert Client().get("/")["X-Page-Cache"] == "hit"
    with scopes_disabled():
        hub_a.name = "Hub Renamed"
        hub_a.save()
    fresh = Client().get("/")
    assert "X-Page-Cache" not in fresh
    assert b"Hub Renamed" in fresh.content


def test_a_signed_in_user_never_gets_the_cached_anonymous_page(project):
    user = UserFactory(display_name="Zora Signed-In")
    Client().get("/showcase/")
    assert Client().get("/showcase/")["X-Page-Cache"] == "hit"
    client = Client()
    client.force_login(user)
    response = client.get("/showcase/")
    assert "X-Page-Cache" not in response
    assert b"account_logout" in response.content or b"/accounts/logout/" in response.content


def test_a_signed_in_users_page_is_never_stored(project):
    client = Client()
    client.force_login(UserFactory())
    client.get("/showcase/")
    client.get("/showcase/")
    anonymous = Client().get("/showcase/")
    assert "X-Page-Cache" not in anonymous
    assert b"/accounts/logout/" not in anonymous.content


def test_forms_on_a_cached_page_carry_a_valid_token_for_this_visitor(project):
    Client().get("/showcase/tidal-loom/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/showcase/tidal-loom/")
    assert page["X-Page-Cache"] == "hit"
    secret = page.cookies["csrftoken"].value
    tokens = TOKEN.findall(page.content.decode())
    assert tokens
    assert all(_unmask_cipher_token(t) == secret for t in tokens)
    assert page_cache.CSRF_PLACEHOLDER not in page.content
    # The language switcher's form on the cached page works for this visitor.
    response = visitor.post("/i18n/setlang/", {"language": "fr", "next": "/showcase/",
                                               "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    # A visitor's existing cookie is kept, not replaced.
    again = visitor.get("/showcase/tidal-loom/")
    assert again.cookies["csrftoken"].value == secret


def test_masked_tokens_unmask_to_the_secret():
    secret = page_cache._random_chars(32)
    tokens = {page_cache.masked_csrf_token(secret) for _ in range(20)}
    assert len(tokens) == 20
    assert all(_unmask_cipher_token(t) == secret for t in tokens)


def test_query_string_pages_stay_out_of_redis_but_are_reused_and_invalidated(project):
    path = "/showcase/?q=tidal"
    assert "X-Page-Cache" not in Client().get(path)
    again = Client().get(path)
    assert again["X-Page-Cache"] == "hit"
    assert b"Tidal Loom" in again.content
    client = page_cache._redis()
    assert not client.exists(page_cache._page_key(again.wsgi_request))
    assert client.exists(page_cache._page_key(Client().get("/showcase/").wsgi_request))
    with scopes_disabled():
        project.title = "Tidal Mill"
        project.save()
    fresh = Client().get(path)
    assert "X-Page-Cache" not in fresh
    assert b"Tidal Mill" in fresh.content
