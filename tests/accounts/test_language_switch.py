"""The language switcher reaches every language from every language, on every page.

Each switch goes through the real page (the switcher's hidden ``next`` is read from the
rendered HTML) and the real ``/i18n/setlang/`` view, then follows the redirects: the person
must land on the same page, query string kept, in the chosen language.
"""

import html
import re
from itertools import permutations

import pytest
from django.conf import settings

from tests.factories import HubFactory

LANGS = [code for code, _name in settings.LANGUAGES]
NEXT = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
PUBLIC_PAGES = ["/", "/showcase/?q=art&page=1", "/hubs/"]
SIGNED_IN_PAGES = ["/dashboard/", "/account/profile/", "/showcase/?q=art"]


def prefixed(path: str, lang: str) -> str:
    return path if lang == settings.LANGUAGE_CODE else f"/{lang}{path}"


def switch(client, page: str, source: str, target: str) -> tuple[str, str]:
    """Open ``page`` in ``source``, choose ``target``; returns (final URL, page language)."""
    response = client.get(prefixed(page, source))
    assert response.status_code == 200, (page, source, response.status_code)
    body = response.content.decode()
    assert HTML_LANG.search(body).group(1) == source, (page, source)
    next_url = html.unescape(NEXT.search(body).group(1))
    response = client.post("/i18n/setlang/", {"language": target, "next": next_url},
                           follow=True)
    assert response.status_code == 200, (page, source, target)
    final = response.redirect_chain[-1][0] if response.redirect_chain else None
    return final, HTML_LANG.search(response.content.decode()).group(1)


@pytest.fixture
def pages_exist(db):
    HubFactory(slug="hub-a", name="Hub Alpha")


@pytest.mark.django_db
def test_every_language_reaches_every_other_signed_out(client, pages_exist):
    wrong = []
    for page in PUBLIC_PAGES:
        for source, target in permutations(LANGS, 2):
            final, lang = switch(client, page, source, target)
            if (final, lang) != (prefixed(page, target), target):
                wrong.append(f"{page} {source}->{target}: {final} in {lang}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_every_language_reaches_every_other_signed_in(client, participant):
    client.force_login(participant)
    wrong = []
    for page in SIGNED_IN_PAGES:
        for source, target in permutations(LANGS, 2):
            participant.preferred_language = source
            participant.save(update_fields=["preferred_language"])
            final, lang = switch(client, page, source, target)
            participant.refresh_from_db()
            if (final, lang, participant.preferred_language) != (
                    prefixed(page, target), target, target):
                wrong.append(f"{page} {source}->{target}: {final} in {lang}, saved "
                             f"{participant.preferred_language}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.django_db
def test_saved_language_leads_from_unprefixed_urls_but_not_over_a_prefix(client, participant):
    participant.preferred_language = "it"
    participant.save(update_fields=["preferred_language"])
    client.force_login(participant)
    assert client.get("/dashboard/?tab=1")["Location"] == "/it/dashboard/?tab=1"
    # An explicit prefix is the person's choice for this page: it is not overridden.
    assert client.get("/fr/dashboard/").status_code == 200
    # After switching to English the saved choice no longer pulls them back to Italian.
    client.post("/i18n/setlang/", {"language": "en", "next": "/it/dashboard/"})
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db
def test_foreign_next_and_unknown_language_are_refused(client):
    response = client.post("/i18n/setlang/", {"language": "fr",
                                              "next": "https://evil.example/x"})
    assert response["Location"] == "/fr/"
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/fr/showcase/"})
    assert response["Location"] == "/fr/showcase/"
