"""Public pages: what is visible, filters, accent-insensitive search, htmx, no N+1."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from showcase import services
from showcase.models import Award, ConsentState, CreditedMember, ProjectState
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db

GALLERY = "/showcase/"


def slugs_in(response):
    return {p.slug for p in response.context["projects"]}


@pytest.fixture
def hidden_projects(hub_a, make_project):
    """One project in every non-public situation."""
    return [
        make_project(hub_a, state=ProjectState.DRAFT, title="Secret draft créatif"),
        make_project(hub_a, state=ProjectState.AWAITING_CONSENT, consented=False,
                     title="Secret awaiting créatif"),
        make_project(hub_a, state=ProjectState.WITHDRAWN, title="Secret withdrawn créatif"),
        # Published by state but one consent missing: still invisible.
        make_project(hub_a, state=ProjectState.PUBLISHED, consented=False,
                     title="Secret unconsented créatif"),
        make_project(hub_a, state=ProjectState.PUBLISHED, members=0,
                     title="Secret teamless créatif"),
    ]


def test_unpublished_or_unconsented_projects_are_invisible_everywhere(
        client, hub_a, make_project, hidden_projects):
    visible = make_project(hub_a, title="Visible créatif")
    secret = {p.slug for p in hidden_projects}

    assert slugs_in(client.get(GALLERY)) == {visible.slug}
    assert slugs_in(client.get(GALLERY, {"q": "secret"})) == set()
    assert slugs_in(client.get(GALLERY, {"q": "creatif"})) == {visible.slug}
    for p in hidden_projects:
        assert client.get(f"/showcase/{p.slug}/").status_code == 404
        assert client.get(f"/api/v1/projects/{p.slug}").status_code == 404
        assert client.post(f"/showcase/{p.slug}/interest/", {}).status_code == 404
    api = client.get("/api/v1/projects").json()
    assert {r["slug"] for r in api["results"]} == {visible.slug}
    assert client.get("/api/v1/figures").json()["published_projects"] == 1
    sitemap = client.get("/sitemap.xml").content.decode()
    feed = client.get("/showcase/feed/").content.decode()
    export = client.get("/showcase/export.csv").content.decode()
    for text in (sitemap, feed, export):
        assert visible.slug in text
        assert not any(s in text for s in secret)


def test_withdrawing_consent_takes_the_project_down(client, hub_a, make_project):
    project = make_project(hub_a, title="Soon gone")
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/projects").json()["count"] == 1  # now cached
    with scopes_disabled():
        member = project.members.get()
    client.force_login(member.user)
    response = client.post(reverse("showcase:consent_withdraw", kwargs={"pk": member.pk}),
                           {"confirmed": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.WITHDRAWN
    client.logout()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert slugs_in(client.get(GALLERY)) == set()
    assert client.get("/api/v1/projects").json()["count"] == 0  # cache invalidated
    assert project.slug not in client.get("/sitemap.xml").content.decode()


def test_filters_combine_and_show_in_the_url(client, hub_a, hub_b, make_project):
    a = make_project(hub_a, theme="climate", stage="pilot", countries=["FR"],
                     looking_for=["funding"])
    b = make_project(hub_b, theme="climate", stage="idea", countries=["BE", "FR"],
                     looking_for=["venues"])
    c = make_project(hub_b, theme="urban", stage="pilot", countries=["RS"],
                     looking_for=["funding", "venues"])
    with scopes_disabled():
        Award.objects.create(project=c, title="Prize")
    cases = [
        ({"theme": "climate"}, {a.slug, b.slug}),
        ({"hub": hub_b.slug}, {b.slug, c.slug}),
        ({"country": "FR"}, {a.slug, b.slug}),
        ({"stage": "pilot"}, {a.slug, c.slug}),
        ({"looking_for": "venues"}, {b.slug, c.slug}),
        ({"awards": "on"}, {c.slug}),
        ({"theme": "climate", "hub": hub_b.slug}, {b.slug}),
        ({"stage": "pilot", "looking_for": "funding", "hub": hub_b.slug}, {c.slug}),
        ({"theme": "nonsense"}, {a.slug, b.slug, c.slug}),  # invalid filter ignored, no 500
    ]
    for params, expected in cases:
        response = client.get(GALLERY, params)
        assert response.status_code == 200
        assert slugs_in(response) == expected, params
        api = client.get("/api/v1/projects", {k: ("true" if v == "on" else v)
                                               for k, v in params.items()})
        if params.get("theme") != "nonsense":
            assert {r["slug"] for r in api.json()["results"]} == expected, params
    # The filter links keep the other filters (query string reflected in pagination).
    html = client.get(GALLERY, {"theme": "climate", "hub": hub_b.slug}).content.decode()
    assert 'value="climate" selected' in html


@pytest.mark.parametrize(("stored", "query"), [
    ("Atelier créatif circulaire", "creatif"),
    ("Atelier creatif circulaire", "créatif"),
    ("Ça marche à Belgrade", "ca marche"),
    ("Kitchen Without Borders", "kitch"),  # prefix
    ("Niš design week", "nis"),
])
def test_search_is_accent_insensitive(client, hub_a, make_project, stored, query):
    hit = make_project(hub_a, title=stored)
    make_project(hub_a, title="Something else entirely")
    assert slugs_in(client.get(GALLERY, {"q": query})) == {hit.slug}


def test_search_covers_tagline_and_story_ranks_title_first(client, hub_a, make_project):
    story = make_project(hub_a, title="Alpha", story="<p>We use <b>ceramics</b> a lot</p>")
    title = make_project(hub_a, title="Ceramics now")
    tagline = make_project(hub_a, title="Beta", tagline="Ceramics for schools")
    response = client.get(GALLERY, {"q": "CERAMICS"})
    assert [p.slug for p in response.context["projects"]] == [title.slug, tagline.slug,
                                                                story.slug]
    # Odd input never breaks the query.
    for q in ["'", "&|!", "a:* & (", "  ", "x" * 100]:
        assert client.get(GALLERY, {"q": q}).status_code == 200


def test_search_uses_the_gin_index(hub_a, make_project):
    for i in range(30):
        make_project(hub_a, title=f"Filler {i}")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM showcase_showcaseproject WHERE search_vector @@ "
            "to_tsquery('pg_catalog.simple', public.showcase_unaccent('créatif:*'))")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "showcase_search_gin" in plan


def test_gallery_query_count_is_the_same_for_10_and_200_projects(
        client, django_assert_max_num_queries, make_project):
    hubs = [HubFactory(slug=f"qh-{i}") for i in range(3)]

    def count_queries(params):
        cache.clear()  # the cached country list would otherwise favour the second run
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(GALLERY, params).status_code == 200
        return len(ctx.captured_queries)

    for i in range(10):
        make_project(hubs[i % 3], theme="climate", countries=["FR"])
    small = count_queries({}), count_queries({"q": "project", "country": "FR", "page": "1"})
    for i in range(190):
        project = make_project(hubs[i % 3], theme="climate", countries=["FR"])
        if i % 7 == 0:
            with scopes_disabled():
                Award.objects.create(project=project, title="Prize")
    large = count_queries({}), count_queries({"q": "project", "country": "FR", "page": "1"})
    assert small == large
    assert large[0] <= 6


def test_pagination_and_htmx_fragment(client, hub_a, make_project):
    for i in range(15):
        make_project(hub_a, title=f"Paged {i}")
    page1 = client.get(GALLERY)
    assert len(page1.context["projects"]) == 12
    assert "page=2" in page1.content.decode()
    page2 = client.get(GALLERY, {"page": "2"})
    assert len(page2.context["projects"]) == 3
    assert client.get(GALLERY, {"page": "99"}).status_code == 200
    fragment = client.get(GALLERY, {"theme": "climate", "q": "", "hub": ""}, headers={
        "HX-Request": "true", "HX-Target": "results"})
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert body.lstrip().startswith("<section id=\"results\"")
    assert "<html" not in body
    assert "HX-Request" in fragment["Vary"]
    assert fragment["HX-Push-Url"] == "/showcase/?theme=climate"
    full = client.get(GALLERY).content.decode()
    assert 'hx-push-url="true"' in full
    assert "<noscript" not in full
    assert " style=" not in full
    assert "<script>" not in full


def test_project_page_shows_team_but_hides_hidden_members_and_emails(
        client, hub_a, make_project):
    project = make_project(hub_a, members=2, title="Team page", countries=["FR"],
                           story="<p>Hello <script>alert(1)</script><b>world</b></p>",
                           looking_for=["funding"])
    with scopes_disabled():
        first, second = project.members.all()
        second.hidden = True
        second.save()
        Award.objects.create(project=project, title="Golden prize", year=2026)
    response = client.get(project.get_absolute_url())
    html = response.content.decode()
    assert first.display_name in html
    assert second.display_name not in html
    assert first.user.email not in html
    assert second.user.email not in html
    assert "Golden prize" in html
    assert "Funding" in html
    assert "France" in html  # country names, not codes
    assert '<meta property="og:title" content="Team page">' in html
    assert 'name="twitter:card"' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/showcase/{project.slug}/">' in html
    assert f'hreflang="fr" href="http://127.0.0.1:8000/fr/showcase/{project.slug}/"' in html
    assert 'hreflang="x-default"' in html
    # Stories are sanitised when saved and again when shown.
    assert "<script>alert" not in html
    assert "<b>world</b>" in html


def test_story_is_sanitised_by_the_service():
    dirty = ("<p>Hi <script>x()</script><a href='javascript:x'>a</a>"
             "<img src=x onerror=y><a href='https://ok.example'>b</a></p>")
    clean = services.clean_story(dirty)
    assert "script" not in clean
    assert "javascript" not in clean
    assert "<img" not in clean
    assert 'href="https://ok.example"' in clean
    assert "nofollow" in clean
    assert services.clean_story("One\n\nTwo & three") == "<p>One</p>\n\n<p>Two &amp; three</p>"


def test_related_projects_are_public_only(client, hub_a, make_project):
    project = make_project(hub_a, theme="urban")
    sibling = make_project(hub_a, theme="urban")
    make_project(hub_a, theme="urban", state=ProjectState.DRAFT, title="Hidden sibling")
    response = client.get(project.get_absolute_url())
    assert [p.slug for p in response.context["related"]] == [sibling.slug]


def test_feed_sitemap_csv(client, hub_a, make_project):
    project = make_project(hub_a, title="=cmd|' /C calc'!A0", members=2,
                           countries=["FR", "BE"])
    with scopes_disabled():
        hidden = project.members.all()[1]
        hidden.hidden = True
        hidden.save()
    feed = client.get("/showcase/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    ET.fromstring(feed.content)  # noqa: S314  our own response, not untrusted input
    sitemap = client.get("/sitemap.xml")
    root = ET.fromstring(sitemap.content)  # noqa: S314  our own response
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert f"http://testserver/showcase/{project.slug}/" in locs
    assert f"http://testserver/fr/showcase/{project.slug}/" in locs
    assert root.findall("s:url/x:link[@hreflang='x-default']", ns)
    response = client.get("/showcase/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["title"].startswith("'=")  # formula neutralised
    assert rows[0]["team"] == _visible_names(project)
    assert "@" not in response.content.decode()


def _visible_names(project):
    with scopes_disabled():
        return "; ".join(m.display_name for m in project.members.filter(hidden=False))


def test_event_page_and_ics(client, hub_a, make_project):
    from datetime import timedelta

    from django.utils import timezone

    from showcase.models import AgendaItem, ShowcaseEvent

    assert client.get("/showcase/event/").status_code == 200  # no event yet: empty state
    assert client.get("/showcase/event/calendar.ics").status_code == 404
    shown = make_project(hub_a, title="On stage")
    draft = make_project(hub_a, title="Not public", state=ProjectState.DRAFT)
    start = timezone.now() + timedelta(days=30)
    event = ShowcaseEvent.objects.create(
        title="Final, showcase; event", slug="final", starts_at=start,
        ends_at=start + timedelta(hours=8), venue="La Friche", city="Marseille",
        description="A long day " * 20, outcomes="Ten partnerships signed")
    with scopes_disabled():
        event.projects.set([shown, draft])
    AgendaItem.objects.create(event=event, starts_at=start, title="Welcome")
    html = client.get("/showcase/event/").content.decode()
    assert "On stage" in html
    assert "Not public" not in html
    assert "Welcome" in html
    assert "Ten partnerships" not in html  # outcomes only after the event
    ics = client.get("/showcase/event/calendar.ics")
    text = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Final\\, showcase\\; event" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == 2
    event.starts_at = start - timedelta(days=60)
    event.ends_at = start - timedelta(days=59)
    event.save()
    assert "Ten partnerships" in client.get("/showcase/event/").content.decode()


def test_header_nav_and_console_tab_registered(client, hub_a, staff_a):
    assert 'href="/showcase/"' in client.get("/").content.decode()
    client.force_login(staff_a)
    html = client.get(f"/manage/{hub_a.slug}/").content.decode()
    assert f'href="/manage/{hub_a.slug}/showcase/"' in html


def test_consent_state_filter_helpers(hub_a, make_project):
    project = make_project(hub_a, consented=False, state=ProjectState.AWAITING_CONSENT)
    with scope(hub=hub_a):
        assert not services.all_consents_in(project)
        CreditedMember.objects.filter(project=project).update(consent=ConsentState.APPROVED)
        assert services.all_consents_in(project)
