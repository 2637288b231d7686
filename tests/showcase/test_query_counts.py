"""A project's public page: the query count does not grow with team, images or awards."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from showcase.models import Award, ConsentState, CreditedMember
from tests.factories import UserFactory


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_project_page_query_count_does_not_grow(client, hub_a, hub_b, make_project):
    project = make_project(hub_a, members=1)
    make_project(hub_a)
    url = project.get_absolute_url()
    small = count(client, url)
    with scopes_disabled():
        for i in range(6):
            CreditedMember.objects.create(project=project, user=UserFactory(),
                                          display_name=f"Extra {i}", order=i + 1,
                                          consent=ConsentState.APPROVED)
            Award.objects.create(project=project, title=f"Award {i}", year=2026)
    for _ in range(6):
        make_project(hub_a)
        make_project(hub_b)
    large = count(client, url)
    assert small == large, (small, large)
