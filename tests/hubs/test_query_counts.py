"""The home page and a hub's page: query counts do not grow with calls and hackathons."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CallFactory, HubFactory, make_hackathon


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_home_and_hub_page_query_counts_do_not_grow(client, hub_a):
    CallFactory(hub=hub_a)
    make_hackathon(hub_a, slug="first")
    urls = [reverse("home"), reverse("hubs:detail", kwargs={"slug": hub_a.slug})]
    small = [count(client, u) for u in urls]
    for i in range(4):
        hub = HubFactory(slug=f"extra-{i}", name=f"Extra {i}")
        for _ in range(3):
            CallFactory(hub=hub)
            CallFactory(hub=hub_a)
        make_hackathon(hub, slug=f"extra-hack-{i}")
    large = [count(client, u) for u in urls]
    assert small == large, (small, large)
