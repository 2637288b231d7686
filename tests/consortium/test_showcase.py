"""One moderation queue for every hub's showcase projects; moves through showcase services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from creaconnect.core.models import AuditEntry
from showcase.models import ProjectState, ShowcaseProject
from tests.consortium.conftest import populate

pytestmark = pytest.mark.django_db


def _titles(response):
    return [p.title for p in response.context["page"].object_list]


def test_queue_spans_hubs_and_filters(client, admin_user, hub_a, hub_b):
    populate(hub_a, 1)
    populate(hub_b, 1)
    client.force_login(admin_user)
    url = reverse("consortium:showcase")
    assert len(_titles(client.get(url))) == 4
    only_b = _titles(client.get(url, {"hub": hub_b.pk}))
    assert only_b
    assert all(hub_b.slug in t for t in only_b)
    drafts = _titles(client.get(url, {"state": ProjectState.DRAFT}))
    assert len(drafts) == 2
    assert all(t.startswith("Draft") for t in drafts)
    assert client.get(url, {"state": "bogus"}).status_code == 200


def test_withdraw_needs_confirmation_then_moves_and_audits(client, admin_user, hub_a):
    populate(hub_a, 1)
    with scopes_disabled():
        project = ShowcaseProject.objects.get(hub=hub_a, state=ProjectState.PUBLISHED)
    client.force_login(admin_user)
    url = reverse("consortium:showcase_withdraw", kwargs={"pk": project.pk})
    response = client.post(url)
    assert response.status_code == 200
    assert b"data-confirmation" in response.content
    project.refresh_from_db()
    assert project.state == ProjectState.PUBLISHED
    response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == ProjectState.WITHDRAWN
    entry = AuditEntry.objects.get(action="showcase.project_withdrawn")
    assert entry.actor == admin_user
    assert entry.hub_id == hub_a.pk


def test_a_move_the_rules_refuse_is_an_error(client, admin_user, hub_a):
    populate(hub_a, 1)
    with scopes_disabled():
        draft = ShowcaseProject.objects.get(hub=hub_a, state=ProjectState.DRAFT)
    client.force_login(admin_user)
    response = client.post(reverse("consortium:showcase_publish", kwargs={"pk": draft.pk}),
                           follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == ProjectState.DRAFT
    assert "cannot go from" in response.content.decode()


def test_unknown_project_is_404(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("consortium:showcase_publish", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_queue_query_count_is_fixed(client, admin_user, hub_a, hub_b):
    populate(hub_a, 1)
    client.force_login(admin_user)
    url = reverse("consortium:showcase")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    populate(hub_a, 3)
    populate(hub_b, 3)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
