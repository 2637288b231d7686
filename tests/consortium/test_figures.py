"""The programme figures: correct on a small fixture, a valid period, a fixed query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consortium.figures import programme_rows
from tests.consortium.conftest import populate
from tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def test_figures_per_hub_and_total(hub_a, hub_b):
    populate(hub_a, 2)
    populate(hub_b, 1)
    rows, total = programme_rows([hub_a, hub_b])
    a = rows[0]
    assert a.value("calls") == 2
    assert a.value("applications") == 4  # drafts are not applications yet
    assert a.value("acceptance_rate") == 50
    assert a.value("members") == 4
    assert a.value("sessions") == 2
    assert a.value("training_hours") == 3.0
    assert a.value("attendance_rate") == 50
    assert a.value("mentoring_hours") == 3.0  # 2 × 60 min cohort + 2 × 30 min team
    assert a.value("milestones_met") == 2
    assert a.value("registrations") == 4
    assert a.value("teams") == 2
    assert a.value("submissions") == 2
    assert a.value("projects") == 4
    assert a.value("interest_requests") == 2
    assert total.value("calls") == 3
    assert total.value("applications") == 6
    assert total.value("members") == 6
    assert total.value("acceptance_rate") == 50


def test_period_filters_and_empty_hub(hub_a, hub_b):
    populate(hub_a, 1)
    today = timezone.localdate()
    rows, total = programme_rows([hub_a, hub_b], start=today - timedelta(days=30), end=today)
    assert rows[0].value("members") == 1  # the member who joined 400 days ago is out
    assert rows[1].value("applications") == 0
    assert rows[1].value("acceptance_rate") is None  # no decision: no rate, not 0 %
    rows, _total = programme_rows([hub_a], start=today + timedelta(days=1))
    assert rows[0].value("applications") == 0


def test_page_shows_figures_and_console_links(client, admin_user, hub_a):
    populate(hub_a, 1)
    client.force_login(admin_user)
    response = client.get(reverse("consortium:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert hub_a.get_console_url() in body
    assert "<svg" in body
    assert "Acceptance rate" in body


@pytest.mark.parametrize("query", ["start=31/12/2026&end=01/01/2026", "start=banana",
                                   "start=2026-02-30", "end=31.12.99999"])
def test_bad_period_is_a_clear_error(client, admin_user, query):
    client.force_login(admin_user)
    response = client.get(reverse("consortium:home") + "?" + query)
    assert response.status_code == 200
    assert b"error-summary" in response.content


def test_european_dates_accepted(client, admin_user, hub_a):
    client.force_login(admin_user)
    response = client.get(reverse("consortium:home") + "?start=01/02/2026&end=28.02.2026")
    assert response.status_code == 200
    assert b"error-summary" not in response.content
    form = response.context["form"]
    assert form.cleaned_data["start"].month == 2
    assert form.cleaned_data["start"].day == 1


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_data(client, admin_user, hub_a, hub_b):
    client.force_login(admin_user)
    url = reverse("consortium:home")
    populate(hub_a, 1)
    small = _count(client, url)
    populate(hub_a, 4)
    populate(hub_b, 3)
    HubFactory(slug="hub-c", name="Hub Gamma")
    large = _count(client, url)
    assert small == large, (small, large)


def test_figures_are_kept_until_the_data_changes(client, admin_user, hub_a):
    """The page's figures come from the cache per period and hub set (16 admins opening it
    together compute them once); a saved row makes them stale, and the page says how old
    they are."""
    populate(hub_a, 1)
    client.force_login(admin_user)
    url = reverse("consortium:home")
    computed = _count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(ctx.captured_queries) < computed
    assert not any("programme_application" in q["sql"] for q in ctx.captured_queries)
    assert "Figures as of" in response.content.decode()
    before = response.context["total"].value("applications")

    populate(hub_a, 1)  # two more submitted applications: the cached figures are stale
    response = client.get(url)
    assert response.context["total"].value("applications") == before + 2


def test_each_period_has_its_own_figures(client, admin_user, hub_a):
    populate(hub_a, 1)
    client.force_login(admin_user)
    url = reverse("consortium:home")
    everything = client.get(url).context["total"].value("applications")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = client.get(f"{url}?start={tomorrow}").context["total"].value("applications")
    assert (everything, later) == (2, 0)
