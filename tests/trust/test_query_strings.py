"""Hostile query strings on every GET page without object ids (lists, searches, consoles).

Pages come from the URL conf (patterns whose only argument is the hub slug, or none); their
parameters are read from the page itself (the names in its GET forms and in its own links)
plus the usual ``q``, ``page`` and ``sort``. Every page is then asked with NUL bytes, a
10,000-character value, invalid integers, huge numbers, broken UTF-8 and markup, as the role
that sees it. NUL bytes and over-long query strings get the 400 page from the middleware;
anything else gets a page (the bad filter ignored) or a 4xx; never a 500.
"""

import re
from collections import Counter
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import close_response

User = get_user_model()
HUB = "pali-pali"
SKIP_NAMESPACES = ("admin",)
SKIP_NAMES = {"media", "set_language", "dev_mailbox", "account_logout", "hub_themes"}
GET_FORM = re.compile(r'<form\b[^>]*method="get"[^>]*>(.*?)</form>', re.S | re.I)
NAME = re.compile(r'\bname="([A-Za-z_][\w-]*)"')
HREF_PARAM = re.compile(r'href="[^"?]*\?([^"#]*)"')
BASE_PARAMS = ("q", "page", "sort")
# (label, pre-encoded value); the NUL and the long value must be refused by the middleware.
VALUES = [
    ("invalid int", "abc"),
    ("negative", "-1"),
    ("huge int", "9" * 40),
    ("float", "1.5e308"),
    ("broken utf-8", "%ff%fe%fd"),
    ("noncharacter", "%ef%bf%bf"),
    ("rtl override", "%E2%80%AEabc"),
    ("markup", quote("'\"><script>alert(1)</script>")),
    ("array", "%5B%5D"),
]
NUL_QUERIES = ["{p}=%00", "{p}=abc%00def", "{p}%00=1"]
LONG = "x" * 10_000
ROUNDS = 6


def page_names() -> list[tuple[str, bool]]:
    """(URL name, takes the hub slug) of every pattern with no other argument."""
    found = []

    def walk(patterns, ns, args):
        for p in patterns:
            here = set(args) | set(getattr(p.pattern, "converters", {}) or {})
            if "<" in str(p.pattern) and not getattr(p.pattern, "converters", None):
                continue  # regex patterns with groups: not a plain page
            if isinstance(p, URLResolver):
                sub = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                if sub and sub.split(":")[0] in SKIP_NAMESPACES:
                    continue
                walk(p.url_patterns, sub, here)
            elif isinstance(p, URLPattern) and p.name and here <= {"hub_slug"}:
                name = f"{ns}:{p.name}" if ns else p.name
                if p.name not in SKIP_NAMES:
                    found.append((name, "hub_slug" in here))

    walk(get_resolver().url_patterns, "", set())
    return sorted(set(found))


def params_of(html: str) -> set[str]:
    names = set(BASE_PARAMS)
    for form in GET_FORM.findall(html):
        names |= set(NAME.findall(form))
    for query in HREF_PARAM.findall(html):
        names |= {part.split("=", 1)[0] for part in query.replace("&amp;", "&").split("&")
                  if part}
    return {n for n in names if n not in ("csrfmiddlewaretoken",)}


def get(client, url):
    response = client.get(url)
    if response.streaming:
        close_response(response)
    return response


@pytest.mark.django_db
def test_no_query_string_makes_any_page_fail(client, capsys):
    call_command("seed_demo", verbosity=0)
    client.raise_request_exception = False  # a 500 is counted and reported, not raised
    roles = {
        "anonymous": None,
        "participant": User.objects.get(email="participant@creaconnect.test"),
        "staff": User.objects.get(email=f"staff.{HUB}@creaconnect.test"),
        "admin": User.objects.get(email="admin@creaconnect.test"),
    }
    failures, codes, requests, pages = [], Counter(), 0, set()
    for role, user in roles.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, hub in page_names():
            if hub and role in ("anonymous", "participant"):
                continue  # the console: staff and admins (others are turned away elsewhere)
            url = reverse(name, kwargs={"hub_slug": HUB} if hub else {})
            if url in pages:
                continue  # already checked as another role
            first = get(client, url)
            if first.status_code >= 500:
                failures.append(f"{role} {url} [no query] -> {first.status_code}")
            if first.status_code != 200:
                continue  # not this role's page (login redirect, 404, 405 for POST-only)
            pages.add(url)
            html = "" if first.streaming else first.content.decode(errors="replace")
            params = sorted(params_of(html))
            for k in range(ROUNDS):  # each round gives each parameter another hostile value
                picked = {p: VALUES[(j + k) % len(VALUES)] for j, p in enumerate(params)}
                query = "&".join(f"{p}={value}" for p, (_label, value) in picked.items())
                response = get(client, f"{url}?{query}")
                requests += 1
                codes[response.status_code] += 1
                if response.status_code >= 500:
                    labels = sorted({label for label, _v in picked.values()})
                    failures.append(f"{role} {url} {labels} -> {response.status_code}")
                    break
            # NUL bytes and a 10,000-character value: the middleware's 400 page.
            for query in [q.format(p=params[0]) for q in NUL_QUERIES] + [f"{params[0]}={LONG}"]:
                response = get(client, f"{url}?{query}")
                requests += 1
                codes[response.status_code] += 1
                if response.status_code != 400:
                    failures.append(f"{role} {url} [{query[:30]}] -> {response.status_code}")
    with capsys.disabled():
        print(f"\n[query strings] {requests} hostile query strings on {len(pages)} pages, "
              f"answers {dict(sorted(codes.items()))}, server errors: "
              f"{sum(1 for f in failures if '-> 5' in f)}")
    assert len(pages) >= 30, sorted(pages)
    assert failures == [], "\n".join(failures[:40])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/programme/?q=%00", "/showcase/?q=a%00b",
                                  "/hackathons/%00/", "/?page=" + "9" * 5000])
def test_nul_bytes_and_long_query_strings_get_the_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read that request" in html
    assert "<main" in html


@pytest.mark.django_db
def test_the_query_string_limit_is_a_setting(client, settings):
    settings.MAX_QUERY_STRING_LENGTH = 20
    assert client.get("/showcase/?q=" + "a" * 10).status_code == 200
    assert client.get("/showcase/?q=" + "a" * 30).status_code == 400
